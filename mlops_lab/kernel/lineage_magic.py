"""``%mlops lineage`` and ``%mlops stale``: the data flow of the kernel's cells, as text."""

from __future__ import annotations

import argparse

from IPython.core.error import UsageError

from ..core.lineage import lineage_slice
from ..core.lineage.stale import StaleCell
from .session import TrackingSession

__all__ = ["lineage_command", "stale_text"]


def stale_text(stale: list[StaleCell]) -> str:
    if not stale:
        return "mlops-lab: no stale cell: every cell ran after the inputs it read"
    lines = ["mlops-lab: cells whose inputs changed since they ran:"]
    for entry in stale:
        how = "comes from stale cell" if entry.upstream else "was changed by cell"
        lines.append(
            f"  {_cell(entry.cell, entry.execution_count)}: {entry.kind} {entry.name!r} "
            f"{how} {_cell(entry.changed_by, entry.changed_by_count)}"
        )
    return "\n".join(lines)


def lineage_command(session: TrackingSession, args: list[str]) -> str:
    parser = argparse.ArgumentParser(prog="%mlops lineage", add_help=False, exit_on_error=False)
    parser.add_argument("name")
    parser.add_argument("--at", type=int)
    try:
        options = parser.parse_args(args)
    except (argparse.ArgumentError, SystemExit):
        raise UsageError("%mlops lineage NAME [--at SEQ]") from None
    if not session.run_id:
        raise UsageError("%mlops lineage: no run is being recorded yet: execute a cell first")
    session.writer.flush()
    lineage = lineage_slice(session.store, session.run_id, options.name, at=options.at)
    lines = [f"mlops-lab: {lineage.kind} {lineage.name!r} depends on these executions:"]
    for e in lineage.executions:
        first = e.code.strip().splitlines()[0] if e.code.strip() else ""
        where = "" if e.run == lineage.run else f" (run {e.run[:8]})"
        lines.append(f"  #{e.seq} [{e.execution_count}]{where}: {first}")
    return "\n".join(lines)


def _cell(cell: str, count: int | None) -> str:
    return f"[{count}] {cell[:8]}" if count is not None else cell[:8]
