"""``mlops-lab lineage``: the exact cell executions a variable, metric or file depends on."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..core import Store
from ..core.lineage import lineage_slice, slice_to_json
from .output import print_json

__all__ = ["add_commands"]


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    lineage = commands.add_parser(
        "lineage",
        parents=[store_option],
        help="the cell executions a variable, metric or file of a run depends on",
        description="Print the lineage slice of NAME in RUN: the execution that last wrote "
        "it, then those that wrote what it read, in execution order (failed executions "
        "are never part of it).",
    )
    lineage.add_argument("run", metavar="RUN", help="run id, or a unique prefix of it")
    lineage.add_argument("name", metavar="NAME", help="a variable, metric or file path")
    lineage.add_argument(
        "--at", type=int, metavar="SEQ", help="as of this execution (default: the run's end)"
    )
    lineage.add_argument("--json", action="store_true", help="print the slice as JSON")
    lineage.set_defaults(handler=_cmd_lineage)


def _cmd_lineage(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    found = lineage_slice(store, args.run, args.name, at=args.at)
    if args.json:
        print_json(slice_to_json(found), out)
        return
    print(
        f"{found.kind} {found.name} in run {found.run[:8]}, as of execution #{found.at}:", file=out
    )
    for e in found.executions:
        where = "" if e.run == found.run else f" run {e.run[:8]}"
        print(f"#{e.seq}{where} [{e.execution_count}] {e.cell_id or '-'}", file=out)
        for line in e.code.splitlines():
            print(f"    {line}", file=out)
    skipped = len(found.between)
    if skipped:
        print(f"({skipped} executions in between are not part of it)", file=out)
