"""Cycles in the step graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["find_cycle"]


def find_cycle(upstream: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle of the graph, if any, upstream first, its first step repeated at the end.

    Parameters
    ----------
    upstream
        Each node to the nodes it depends on.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for up in upstream.get(name, ()):
            if state.get(up) == 1:
                return [*path[path.index(up) :], up]
            if up not in state:
                found = visit(up)
                if found:
                    return found
        path.pop()
        state[name] = 2
        return None

    for name in upstream:
        if name not in state:
            cycle = visit(name)
            if cycle is not None:
                return list(reversed(cycle))
    return None
