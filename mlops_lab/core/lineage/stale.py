"""Stale cells of a live kernel: cells whose inputs were rewritten since they ran.

Kept in memory by the kernel as cells execute, so asking costs nothing. A cell
is stale when a variable or file it read was written later by another cell, or
when it read the output of a cell that is itself stale (its value would change
if that cell ran again). Failed executions are left out, as in lineage slices.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..frozen import frozen

__all__ = ["StaleCell", "StaleCells"]

_Key = tuple[str, str]  # ("variable" | "file", name or path)


@frozen
class StaleCell:
    """A stale cell, the input that changed and the cell that changed it.

    ``upstream`` is True when ``changed_by`` did not run again but is itself
    stale: the value this cell read from it is out of date.
    """

    cell: str
    execution_count: int | None
    name: str
    kind: str
    changed_by: str
    changed_by_count: int | None
    upstream: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "cell_id": self.cell,
            "execution_count": self.execution_count,
            "name": self.name,
            "kind": self.kind,
            "changed_by": {"cell_id": self.changed_by, "execution_count": self.changed_by_count},
            "upstream": self.upstream,
        }


@dataclass
class _LastRun:
    clock: int
    execution_count: int | None
    inputs: dict[_Key, int]  # what it read -> the execution (clock) that had written it


class StaleCells:
    """The data flow of the cells a kernel executed, for `stale`."""

    def __init__(self) -> None:
        self._clock = 0
        self._writer: dict[_Key, int] = {}
        self._cell_of: dict[int, str] = {}
        self._cells: dict[str, _LastRun] = {}

    def executed(
        self,
        cell: str,
        execution_count: int | None,
        *,
        reads: Iterable[str] = (),
        writes: Iterable[str] = (),
        files_read: Iterable[str] = (),
        files_written: Iterable[str] = (),
    ) -> None:
        """A successful execution of ``cell`` (its id, or a key of its own)."""
        self._clock += 1
        keys = [("variable", n) for n in reads] + [("file", p) for p in files_read]
        self._cells[cell] = _LastRun(
            self._clock, execution_count, {key: self._writer.get(key, 0) for key in keys}
        )
        self._cell_of[self._clock] = cell
        for key in [("variable", n) for n in writes] + [("file", p) for p in files_written]:
            self._writer[key] = self._clock

    def stale(self) -> list[StaleCell]:
        """The stale cells, in the order they last ran."""
        found: dict[str, StaleCell] = {}
        for cell, last in self._cells.items():
            for key, seen in last.inputs.items():
                now = self._writer.get(key, 0)
                if now != seen and self._cell_of[now] != cell:
                    found[cell] = self._entry(cell, key, self._cell_of[now], upstream=False)
                    break
        grew = True
        while grew:  # through the outputs of stale cells that did not run again
            grew = False
            for cell, last in self._cells.items():
                if cell in found:
                    continue
                for key, seen in last.inputs.items():
                    source = self._cell_of.get(seen)
                    if source in found and source != cell and self._cells[source].clock == seen:
                        found[cell] = self._entry(cell, key, source, upstream=True)
                        grew = True
                        break
        return sorted(found.values(), key=lambda entry: self._cells[entry.cell].clock)

    def _entry(self, cell: str, key: _Key, by: str, *, upstream: bool) -> StaleCell:
        return StaleCell(
            cell=cell,
            execution_count=self._cells[cell].execution_count,
            name=key[1],
            kind=key[0],
            changed_by=by,
            changed_by_count=self._cells[by].execution_count if by in self._cells else None,
            upstream=upstream,
        )
