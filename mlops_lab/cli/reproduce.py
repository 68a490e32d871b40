"""``mlops-lab reproduce`` and ``mlops-lab env``: re-execute a run and check it; its lock.

Hooked into `mlops_lab.cli` by `add_commands`. ``reproduce`` exits 1 when a
metric is outside its tolerance or a replayed cell fails, so CI can gate on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from ..core import MlopsLabError, Store, environment_to_json
from ..core.reproduce import ReproductionReport, parse_tolerances, report_to_json
from .output import EXIT_FAILURE, EXIT_OK, PROG

__all__ = ["add_commands"]


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    """Add ``reproduce`` and ``env`` to the command line's subcommands."""
    reproduce = commands.add_parser(
        "reproduce",
        parents=[store_option],
        help="re-execute a run's recorded cells in a fresh kernel and check its metrics",
        description="Re-execute RUN's recorded cells, in their recorded order and with its "
        "params, in a fresh kernel, as a new run tagged reproduces=RUN; then compare the "
        "metrics within tolerances and report code, environment and data drift. Exits 1 "
        "when a metric fails or a cell fails.",
    )
    reproduce.add_argument("run", metavar="RUN", help="run id, or a unique prefix of it")
    reproduce.add_argument(
        "-t",
        "--tolerance",
        action="append",
        default=[],
        type=_tolerance,
        metavar="NAME=REL",
        help="relative tolerance of a metric, e.g. accuracy=0.02; *=REL for every metric "
        "(default: exact for whole numbers, 1e-9 for others) (repeatable)",
    )
    reproduce.add_argument(
        "--venv",
        metavar="DIR",
        help="build a virtual environment in DIR from the run's lock (pip) and run the kernel "
        "there (DIR is reused when it is already one)",
    )
    reproduce.add_argument(
        "--timeout", type=_seconds, metavar="SECONDS", help="fail a cell that runs longer"
    )
    reproduce.add_argument("--json", action="store_true", help="print the report as JSON")
    reproduce.add_argument(
        "--only",
        metavar="NAME",
        help="re-execute only the cells a variable, metric or file depends on (its lineage"
        " slice) and check it",
    )
    reproduce.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say what it does on stderr: each cell as it runs, pip's output for --venv",
    )
    reproduce.set_defaults(standalone=_cmd_reproduce)

    env = commands.add_parser(
        "env",
        parents=[store_option],
        help="the environment lock a run recorded",
        description="Show the environment RUN's kernel ran in: Python, platform and every "
        "installed package with its version.",
    )
    env.add_argument("run", metavar="RUN", help="run id, or a unique prefix of it")
    output = env.add_mutually_exclusive_group()
    output.add_argument(
        "--requirements",
        action="store_true",
        help="print the lock as a pip requirements file (pip install -r ready)",
    )
    output.add_argument("--json", action="store_true", help="print the environment as JSON")
    env.set_defaults(handler=_cmd_env)


def _tolerance(text: str) -> dict[str, float]:
    try:
        return parse_tolerances([text])
    except MlopsLabError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected 1 or more, not {value}")
    return value


def _cmd_reproduce(args: argparse.Namespace, out: TextIO) -> int:
    try:  # nbclient is slow to import: only this command pays for it
        from ..headless.reproduce import Progress, ReproduceRequest, reproduce
    except ModuleNotFoundError as missing:
        raise MlopsLabError(
            f"mlops-lab reproduce needs {missing.name}, a dependency of mlops-lab that is "
            "missing here; reinstall it: pip install --upgrade mlops-lab"
        ) from None
    tolerances: dict[str, float] = {}
    for item in args.tolerance:
        tolerances.update(item)
    store = getattr(args, "store", None)

    def progress(update: Progress) -> None:
        if not args.verbose:
            return
        if update.stage == "running":
            if update.cell:
                print(f"{PROG}: cell {update.cell}/{update.cells}", file=sys.stderr)
        else:
            print(f"{PROG}: {update.stage} {update.message}".rstrip(), file=sys.stderr)

    report = reproduce(
        ReproduceRequest(
            run=args.run,
            tolerances=tolerances,
            venv=None if args.venv is None else Path(args.venv).resolve(),
            timeout=args.timeout,
            store=None if store is None else Path(store),
            only=args.only,
        ),
        on_progress=progress,
        kernel_logs=args.verbose,
    )
    if args.json:
        json.dump(report_to_json(report), out, indent=2)
        out.write("\n")
    else:
        print_report(report, out)
    return EXIT_OK if report.passed else EXIT_FAILURE


def _cmd_env(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    detail = store.get_run_detail(args.run)
    if detail.environment is None or detail.requirements is None:
        raise MlopsLabError(
            f"Run {detail.run.id[:8]} recorded no environment (its kernel did not run "
            "mlops-lab's tracking)."
        )
    if args.requirements:
        out.write(detail.requirements)
        return
    body = environment_to_json(detail.environment)
    assert body is not None
    if args.json:
        json.dump(body, out, indent=2)
        out.write("\n")
        return
    print(f"python:     {body['python']} ({body['implementation']})", file=out)
    print(f"platform:   {body['platform']}", file=out)
    print(f"packages:   {len(body['packages'])}", file=out)
    for name, version in body["packages"].items():
        source = body["sources"].get(name)
        where = f"  ({source['origin']}: {source['url']})" if source else ""
        print(f"  {name}=={version}{where}", file=out)


def print_report(report: ReproductionReport, out: TextIO) -> None:
    """The report for people: verdict, metric checks, then each kind of drift."""
    verdict = "PASSED" if report.passed else "FAILED"
    print(
        f"run {report.run_id[:8]} reproduced as run "
        f"{(report.reproduction_run_id or '-')[:8]}: {verdict}",
        file=out,
    )
    if report.failure:
        print(f"  {report.failure}", file=out)
    if report.skipped_cells:
        cells = ", ".join(f"#{seq}" for seq in report.skipped_cells)
        print(f"  not replayed (they failed in the run, or started a new run): {cells}", file=out)

    print("\nmetrics:", file=out)
    if not report.metrics:
        print("  none recorded: nothing to compare", file=out)
    width = max((len(c.name) for c in report.metrics), default=0)
    for check in report.metrics:
        before = "-" if check.recorded is None else f"{check.recorded:.10g}"
        after = "-" if check.reproduced is None else f"{check.reproduced:.10g}"
        difference = "" if check.difference is None else f", difference {check.difference:.3g}"
        print(
            f"  {check.status.value.upper():<7} {check.name:<{width}}  {before} -> {after}"
            f"  (tolerance {check.tolerance:g}{difference})",
            file=out,
        )

    code = report.code
    print(f"\ncode drift ({code.notebook or 'no notebook'}):", file=out)
    if not code.found:
        print("  the notebook file is not there to compare with", file=out)
    elif not code.cells:
        print("  none: the notebook's cells are the ones the run executed", file=out)
    for cell in code.cells:
        print(f"  {cell.change:<8} cell {cell.cell_id}", file=out)

    print("\nenvironment drift:", file=out)
    environment = report.environment
    if environment is None:
        print("  not compared: a run recorded no environment", file=out)
    else:
        if environment.recorded_python != environment.current_python:
            print(
                f"  python {environment.recorded_python} -> {environment.current_python}",
                file=out,
            )
        if not environment.packages:
            print("  none: every package has its recorded version", file=out)
        for package in environment.packages:
            print(
                f"  {package.name}: {package.recorded or 'not installed'} -> "
                f"{package.current or 'not installed'}",
                file=out,
            )
        if environment.command:
            print(f"  to restore the recorded versions: {environment.command}", file=out)

    print("\ndata drift:", file=out)
    if not report.data:
        print("  none: every input file is as the run read it", file=out)
    for item in report.data:
        print(f"  {item.status:<8} {item.path}", file=out)
