"""``mlops-lab track``: execute a notebook in a fresh kernel, recorded as a new run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from ..core import MlopsLabError
from ..core.store.location import resolve_store_path
from .arguments import add_parameter_option, count
from .output import EXIT_OK, PROG, announce_store, print_failure

__all__ = ["add_commands"]


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    track = commands.add_parser(
        "track",
        help="execute a notebook in a fresh kernel, recorded as a new run",
        description="Execute NOTEBOOK in a fresh kernel, recorded as a new run, and print the "
        "run id. Stops at the first cell that fails (exit 1); a cell calling sys.exit() ends the "
        "notebook there, successfully for sys.exit() or sys.exit(0), as papermill does. "
        "NOTEBOOK itself is not modified.",
    )
    track.add_argument("notebook", metavar="NOTEBOOK", help="the .ipynb file to execute")
    add_parameter_option(track)
    track.add_argument("--experiment", metavar="E", help="experiment (default: notebook path)")
    track.add_argument("--name", metavar="N", help="run name (default: '<notebook> #<n>')")
    track.add_argument(
        "-o", "--output", metavar="OUT.ipynb", help="write the executed notebook with its run id"
    )
    track.add_argument(
        "--timeout",
        type=count,
        metavar="SECONDS",
        help="fail a cell that runs longer (default: no limit)",
    )
    track.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="name each cell on stderr, with the kernel's logs",
    )
    track.add_argument(
        "--store",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the .mlops-lab store folder (default: $MLOPS_LAB_STORE, else the nearest "
        ".mlops-lab above the notebook's folder)",
    )
    track.set_defaults(standalone=_cmd_track)


def _cmd_track(args: argparse.Namespace, out: TextIO) -> int:
    try:  # here, not at the top: nbclient takes longer to import than `runs` takes to run
        from ..headless import TrackRequest, track
    except ModuleNotFoundError as missing:
        raise MlopsLabError(
            f"mlops-lab track needs {missing.name}, a dependency of mlops-lab that is missing "
            "here; reinstall it: pip install --upgrade mlops-lab"
        ) from None
    store = getattr(args, "store", None)
    # The store is found from the notebook's folder: name it when it is not the current one's.
    announce_store(resolve_store_path(store, start=Path(args.notebook).resolve().parent))
    result = track(
        TrackRequest(
            notebook=Path(args.notebook),
            parameters=[(name, value) for name, value in args.parameters],
            experiment=args.experiment,
            name=args.name,
            output=None if args.output is None else Path(args.output),
            timeout=args.timeout or None,
            store=None if store is None else Path(store),
        ),
        # The id first, so a script has it even while the notebook still runs.
        on_start=lambda run: print(run.id, file=out, flush=True),
        on_warning=_warn,
        on_cell=_print_cell_start if args.verbose else None,
        kernel_logs=args.verbose,
    )
    if result.failure is None:
        return EXIT_OK
    return print_failure(f"{result.failure.summary}; run {result.run_id[:8]} failed")


def _print_cell_start(index: int, total: int, count: int) -> None:
    print(f"{PROG}: cell {index + 1}/{total} In [{count}]", file=sys.stderr)


def _warn(message: str) -> None:
    print_failure(message, kind="warning")
