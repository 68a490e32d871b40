"""Which recorded cells a reproduction replays, and in which order.

Every cell the run executed successfully, in execution order, with the code
it ran (from the store's code objects), so re-runs and out-of-order runs are
replayed as they happened, and the run's parameters with them (the injected
or edited parameters cell is one of these cells). A cell that failed in the
original run is left out (it changed nothing a later cell could rely on), and
so is ``%mlops run``, which would start another run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..frozen import frozen
from ..records import CellExecution, CellStatus

__all__ = ["ReplayCell", "replay_plan"]

_NEW_RUN = re.compile(r"^\s*%mlops\s+run\b", re.MULTILINE)


@frozen
class ReplayCell:
    """A recorded cell to execute again: its ``seq`` in the original run, id and code."""

    seq: int
    cell_id: str | None
    code: str


def replay_plan(cells: Iterable[CellExecution]) -> tuple[tuple[ReplayCell, ...], tuple[int, ...]]:
    """The cells to replay, and the ``seq`` of the cells left out."""
    replay: list[ReplayCell] = []
    skipped: list[int] = []
    for cell in cells:
        if cell.status is CellStatus.ERROR or _NEW_RUN.search(cell.code):
            skipped.append(cell.seq)
        elif cell.code.strip():
            replay.append(ReplayCell(cell.seq, cell.cell_id, cell.code))
    return tuple(replay), tuple(skipped)
