"""Cycles in the step graph."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from .model import Edge, EdgeKind

__all__ = ["edge_cycle", "find_cycle"]


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


def edge_cycle(
    steps: Sequence[str], edges: Mapping[tuple[str, str], Edge]
) -> tuple[list[str], Edge] | None:
    """A cycle of the step graph and the edge to blame: an explicit order mark if one is in it."""
    upstream: dict[str, list[str]] = {name: [] for name in steps}
    for up, down in edges:
        upstream[down].append(up)
    order = find_cycle(upstream)
    if order is None:
        return None
    marks = [edges[(a, b)] for a, b in itertools.pairwise(order) if (a, b) in edges]
    return order, next((e for e in marks if e.kind is EdgeKind.ORDER), marks[0])
