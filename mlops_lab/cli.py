"""The ``mlops-lab`` command line: the run record for terminals, scripts and CI.

Every command takes ``--store PATH`` (else ``MLOPS_LAB_STORE``, else the nearest
``.mlops-lab`` above the current folder). ``--json`` prints the same objects as
the REST API. A mistake prints one line on stderr and exits non-zero:
2 for a malformed command line, 1 for anything the store refuses.
``track`` searches for the store from the notebook's folder instead, and also
exits 1 when a cell of the notebook fails.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import __version__, cli_edit, cli_models, cli_pipeline, cli_reproduce
from .cli_diff import add_commands as add_diff_commands
from .core import (
    MAX_PAGE_SIZE,
    MlopsLabError,
    Run,
    RunDetail,
    RunQuery,
    RunSortKey,
    RunStatus,
    Store,
    ValueSort,
    run_detail_to_json,
    run_to_json,
)

__all__ = ["main", "run"]

PROG = "mlops-lab"
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, as every other error here."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{PROG}: error: {message} (see {self.prog} --help)\n")


def _build_arg_parser() -> argparse.ArgumentParser:
    store_option = _Parser(add_help=False)
    store_option.add_argument(
        "--store",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the .mlops-lab store folder (default: $MLOPS_LAB_STORE, else the nearest "
        ".mlops-lab above the current folder)",
    )
    parser = _Parser(
        prog=PROG,
        description="Reproducible, comparable, shippable notebook experiments.",
        parents=[store_option],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    runs = commands.add_parser(
        "runs", parents=[store_option], help="list runs, newest first", description="List runs."
    )
    runs.add_argument("--experiment", metavar="E", help="only runs of experiment E")
    runs.add_argument("--notebook", metavar="PATH", help="only runs of this notebook")
    runs.add_argument(
        "--status", choices=[s.value for s in RunStatus], help="only runs with this status"
    )
    runs.add_argument(
        "--sort",
        type=_sort_key,
        default=RunSortKey.STARTED_AT,
        metavar="KEY",
        help=f"column to sort by: {', '.join(k.value for k in RunSortKey)}, metrics.NAME "
        "or params.NAME (default: started_at)",
    )
    runs.add_argument(
        "--filter",
        metavar="EXPR",
        help="only runs matching all terms: acc>0.9, params.lr=0.1, tags.team=cv, or text "
        "found in the name, id, notebook or tags",
    )
    runs.add_argument("--asc", action="store_true", help="ascending order (default: descending)")
    runs.add_argument("--limit", type=_count, metavar="N", help="at most N runs (default: all)")
    runs.add_argument("--json", action="store_true", help="print a JSON list of runs")
    runs.set_defaults(handler=_cmd_runs)

    show = commands.add_parser(
        "show",
        parents=[store_option],
        help="show one run with its cells",
        description="Show one run: its params, metrics, tags and executed cells.",
    )
    show.add_argument("run", metavar="RUN", help="run id, or a unique prefix of it")
    show.add_argument("--json", action="store_true", help="print the run as JSON")
    show.set_defaults(handler=_cmd_show)

    cli_edit.add_commands(commands, store_option)
    add_diff_commands(commands, store_option)

    info = commands.add_parser(
        "info", parents=[store_option], help="where the store is and what it holds"
    )
    info.add_argument("--json", action="store_true", help="print as JSON")
    info.set_defaults(handler=_cmd_info)

    track = commands.add_parser(
        "track",
        help="execute a notebook in a fresh kernel, recorded as a new run",
        description="Execute NOTEBOOK in a fresh kernel, recorded as a new run, and print the "
        "run id. Stops at the first cell that fails (exit 1). NOTEBOOK itself is not modified.",
    )
    track.add_argument("notebook", metavar="NOTEBOOK", help="the .ipynb file to execute")
    track.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        dest="parameters",
        metavar=("NAME", "VALUE"),
        help="set a parameter, injected after the cell tagged 'parameters'; VALUE is typed: "
        '3, 0.5, true, none, [1, 2], {"a": 1}, else a string (repeatable)',
    )
    track.add_argument("--experiment", metavar="E", help="experiment (default: notebook path)")
    track.add_argument("--name", metavar="N", help="run name (default: '<notebook> #<n>')")
    track.add_argument(
        "-o", "--output", metavar="OUT.ipynb", help="write the executed notebook with its run id"
    )
    track.add_argument(
        "--timeout",
        type=_count,
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
    cli_pipeline.add_commands(commands, store_option)
    cli_reproduce.add_commands(commands, store_option)
    cli_models.add_commands(commands, store_option)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line and return its exit code.

    Parameters
    ----------
    argv
        Arguments without the program name; ``sys.argv[1:]`` by default.
    stdout
        Where results go; ``sys.stdout`` by default.
    """
    out = stdout or sys.stdout
    parser = _build_arg_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version and usage errors end here
        return int(done.code or 0)
    handler: Callable[[Store, argparse.Namespace, TextIO], None] | None = getattr(
        args, "handler", None
    )
    # A command that finds its store itself and decides its own exit code.
    standalone: Callable[[argparse.Namespace, TextIO], int] | None = getattr(
        args, "standalone", None
    )
    if handler is None and standalone is None:
        parser.print_help(out)
        return EXIT_USAGE
    try:
        if standalone is not None:
            return standalone(args, out)
        assert handler is not None
        with Store.open(getattr(args, "store", None)) as store:
            handler(store, args, out)
    except MlopsLabError as error:
        print(f"{PROG}: error: {error.message}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:  # `mlops-lab runs | head` closed the pipe: not an error
        return EXIT_OK
    return EXIT_OK


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())


# -- commands -----------------------------------------------------------------


def _cmd_runs(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    runs = list(
        _iter_runs(
            store,
            RunQuery(
                experiment=args.experiment,
                notebook=args.notebook,
                status=None if args.status is None else RunStatus(args.status),
                sort=args.sort,
                descending=not args.asc,
                limit=0,
                filter=args.filter,
            ),
            args.limit,
        )
    )
    if args.json:
        _print_json([run_to_json(r) for r in runs], out)
        return
    if not runs:
        print("No runs in this store yet. Track a notebook with %load_ext mlops_lab.", file=out)
        return
    header = ("ID", "NAME", "STATUS", "NOTEBOOK", "STARTED", "DURATION")
    rows = [
        (
            r.id[:8],
            r.name,
            r.status.value,
            r.notebook or "-",
            _local_time(r.started_at),
            _duration(r.duration),
        )
        for r in runs
    ]
    _print_table(header, rows, out)


def _cmd_show(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    detail = store.get_run_detail(args.run)
    if args.json:
        _print_json(run_detail_to_json(detail), out)
        return
    _print_detail(detail, out)


def _cmd_info(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    info = store.info()
    body = {
        "version": __version__,
        "store": str(info.path),
        "schema_version": info.schema_version,
        "run_count": info.run_count,
    }
    if args.json:
        _print_json(body, out)
    else:
        for key, value in body.items():
            print(f"{key + ':':<16}{value}", file=out)


def _cmd_track(args: argparse.Namespace, out: TextIO) -> int:
    try:  # here, not at the top: nbclient takes longer to import than `runs` takes to run
        from .headless import TrackRequest, track
    except ModuleNotFoundError as missing:
        raise MlopsLabError(
            f"mlops-lab track needs {missing.name}, a dependency of mlops-lab that is missing "
            "here; reinstall it: pip install --upgrade mlops-lab"
        ) from None
    store = getattr(args, "store", None)
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
        on_warning=lambda message: print(f"{PROG}: warning: {message}", file=sys.stderr),
        on_cell=_print_cell_start if args.verbose else None,
        kernel_logs=args.verbose,
    )
    if result.failure is None:
        return EXIT_OK
    print(
        f"{PROG}: error: {result.failure.summary}; run {result.run_id[:8]} failed", file=sys.stderr
    )
    return EXIT_FAILURE


# -- reading and printing ---------------------------------------------------------


def _print_cell_start(index: int, total: int, count: int) -> None:
    print(f"{PROG}: cell {index + 1}/{total} In [{count}]", file=sys.stderr)


def _sort_key(text: str) -> RunSortKey | ValueSort:
    try:
        return ValueSort.parse(text)
    except MlopsLabError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, not {value}")
    return value


def _iter_runs(store: Store, query: RunQuery, limit: int | None) -> Iterator[Run]:
    """Every matching run (or the first ``limit``), read a bounded page at a time."""
    offset, left = 0, limit
    while left is None or left > 0:
        size = MAX_PAGE_SIZE if left is None else min(left, MAX_PAGE_SIZE)
        # Every criterion of the query, only the page moves.
        page = store.list_runs(dataclasses.replace(query, offset=offset, limit=size))
        yield from page.runs
        offset += len(page.runs)
        if left is not None:
            left -= len(page.runs)
        if len(page.runs) < size:
            return


def _print_json(value: Any, out: TextIO) -> None:
    json.dump(value, out, indent=2, sort_keys=False)
    out.write("\n")


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print(
            "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(),
            file=out,
        )


def _print_detail(detail: RunDetail, out: TextIO) -> None:
    run = detail.run
    fields = {
        "run": f"{run.id}  {run.name}",
        "experiment": run.experiment,
        "notebook": run.notebook or "-",
        "status": run.status.value,
        "started": _local_time(run.started_at),
        "ended": _local_time(run.ended_at) if run.ended_at else "-",
        "duration": _duration(run.duration),
    }
    for key, value in fields.items():
        print(f"{key + ':':<12}{value}", file=out)
    sections: dict[str, Mapping[str, Any]] = {
        "params": run.params,
        "metrics": run.metrics,
        "tags": run.tags,
    }
    for title, values in sections.items():
        if values:
            print(f"\n{title}:", file=out)
            for name, value in values.items():
                print(f"  {name} = {json.dumps(value)}", file=out)
    print(f"\ncells ({len(detail.cells)} executed):", file=out)
    for cell in detail.cells:
        count = "-" if cell.execution_count is None else cell.execution_count
        mark = f"  {cell.error.name}: {cell.error.value}" if cell.error else ""
        print(f"\n  [{count}] #{cell.seq}  {_duration(cell.duration)}{mark}", file=out)
        for line in cell.code.splitlines():
            print(f"    {line}", file=out)


def _local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "running"
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s"


if __name__ == "__main__":
    run()
