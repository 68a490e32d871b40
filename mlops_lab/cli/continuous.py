"""``mlops-lab report | check | ci``: a candidate run reviewed and gated against a baseline.

``check`` and ``ci`` decide their exit code: 0 when every requirement holds,
1 when one fails (each named with both values), 2 for a malformed requirement
(named in the one-line error). ``profile`` and ``monitor`` are in `monitoring`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ..core import Run, Store
from ..core.continuous import (
    GateResult,
    MalformedRequirementError,
    Requirement,
    build_report,
    check_requirements,
    latest_on_default_branch,
    parse_requirement,
    render_html,
    render_markdown,
    report_to_json,
    run_values,
)
from ..core.store.confined import write_confined
from ..core.store.location import resolve_store_path
from .output import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, PROG, print_json

__all__ = ["add_commands", "requirement"]


def requirement(text: str) -> Requirement:
    """A ``--require`` value; a malformed one is a usage error (exit 2) naming it."""
    try:
        return parse_requirement(text)
    except MalformedRequirementError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    """Add the continuous commands to the ``mlops-lab`` sub-parsers."""
    directions = argparse.ArgumentParser(add_help=False)
    directions.add_argument("--higher-is-better", nargs="+", default=[], metavar="METRIC")
    directions.add_argument("--lower-is-better", nargs="+", default=[], metavar="METRIC")
    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument("--format", choices=("markdown", "html", "json"), default="markdown")

    report = commands.add_parser(
        "report",
        parents=[store_option, directions, formats],
        help="a review report of a candidate run against a baseline",
        description="Metric deltas, params, cells, environment and data changes of CANDIDATE "
        "against BASE, as Markdown (fits a pull-request comment), HTML or JSON.",
    )
    report.add_argument("base", metavar="BASE")
    report.add_argument("candidate", metavar="CANDIDATE")
    report.add_argument("-o", "--output", metavar="FILE", help="write here (charts beside it)")
    report.set_defaults(handler=_cmd_report)

    check = commands.add_parser(
        "check",
        parents=[store_option],
        help="apply requirements to a run; exit 1 when one fails",
        description="Exit 0 when every requirement holds for CANDIDATE, 1 naming each that "
        "fails, 2 for a malformed one. A requirement: 'accuracy >= 0.9', "
        "'loss <= base * 1.05' (base: the metric of --against), 'duration <= 2 * base'.",
    )
    check.add_argument("candidate", metavar="CANDIDATE")
    check.add_argument("--against", metavar="BASE", help="the baseline run")
    _require_option(check, required=True)
    check.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    check.set_defaults(standalone=_cmd_check)

    ci = commands.add_parser(
        "ci",
        parents=[directions, formats],
        help="track a notebook, report against a baseline and apply requirements",
        description="Track NOTEBOOK (as mlops-lab track), find the baseline (auto: the latest "
        "finished run of the notebook on main or master), write the report, apply the gate.",
    )
    ci.add_argument("notebook", metavar="NOTEBOOK")
    ci.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                    dest="parameters", metavar=("NAME", "VALUE"))  # fmt: skip
    ci.add_argument("--baseline", default="auto", metavar="RUN|auto")
    _require_option(ci, required=False)
    ci.add_argument("--report", metavar="FILE", help="write the report here")
    ci.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS)
    ci.set_defaults(standalone=_cmd_ci)


def _require_option(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--require",
        nargs="+",
        action="extend",
        type=requirement,
        default=[],
        required=required,
        metavar="EXPR",
        help="a requirement such as 'accuracy >= base - 0.01' (repeatable)",
    )


# -- report and check ---------------------------------------------------------------------


def _cmd_report(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    _write_report(store, args.base, args.candidate, args, args.output, out)


def _write_report(
    store: Store, base: str, candidate: str, args: argparse.Namespace, output: str | None,
    out: TextIO,
) -> None:  # fmt: skip
    report = build_report(
        store.compare_runs([base, candidate]),
        higher_is_better=args.higher_is_better,
        lower_is_better=args.lower_is_better,
    )
    target = None if output is None else Path(output)
    if args.format == "json":
        import json

        text = json.dumps(report_to_json(report), indent=2) + "\n"
    elif args.format == "html":
        text = render_html(report)
    else:
        folder = None if target is None else f"{target.stem}-charts"
        rendered = render_markdown(report, charts_folder=folder)
        text = rendered.text
        if target is not None and folder is not None and rendered.charts:
            for name, svg in rendered.charts.items():
                write_confined(target.parent, f"{folder}/{name}", svg)
    if target is None:
        out.write(text)
    else:
        write_confined(target.parent, target.name, text)


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    if args.against is None and any(r.uses_base for r in args.require):
        print(f"{PROG}: error: a requirement compares with base; give --against BASE",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    with Store.open(getattr(args, "store", None)) as store:
        candidate = store.get_run(args.candidate)
        base = None if args.against is None else store.get_run(args.against)
        result = _gate(args.require, candidate, base)
    return _print_gate(result, args.json, out)


def _gate(requirements: Sequence[Requirement], candidate: Run, base: Run | None) -> GateResult:
    return check_requirements(
        requirements,
        run_values(candidate),
        None if base is None else run_values(base),
        candidate_label=candidate.id,
        base_label=None if base is None else base.id,
    )


def _print_gate(result: GateResult, as_json: bool, out: TextIO) -> int:
    if as_json:
        print_json(gate_to_json(result), out)
    else:
        for verdict in result.verdicts:
            print(f"{'ok  ' if verdict.passed else 'FAIL'}  {verdict.message}", file=out)
    for verdict in result.failures:
        print(f"{PROG}: requirement failed: {verdict.message}", file=sys.stderr)
    return EXIT_OK if result.passed else EXIT_FAILURE


def gate_to_json(result: GateResult) -> dict[str, Any]:
    """The document ``check --json`` prints (``GateResult`` in openapi.yaml)."""
    return {
        "candidate": result.candidate,
        "base": result.base,
        "passed": result.passed,
        "requirements": [
            {
                "requirement": v.requirement,
                "metric": v.metric,
                "operator": v.operator,
                "candidate": v.candidate,
                "base": v.base,
                "bound": v.bound,
                "passed": v.passed,
                "message": v.message,
            }
            for v in result.verdicts
        ],
    }


# -- ci -----------------------------------------------------------------------------------


def _cmd_ci(args: argparse.Namespace, out: TextIO) -> int:
    from ..headless import TrackRequest, track

    notebook = Path(args.notebook)
    given = getattr(args, "store", None)
    tracked = track(
        TrackRequest(
            notebook=notebook,
            parameters=[(name, value) for name, value in args.parameters],
            store=None if given is None else Path(given),
        ),
        on_warning=lambda message: print(f"{PROG}: warning: {message}", file=sys.stderr),
    )
    print(f"candidate: {tracked.run_id}", file=out)
    if tracked.failure is not None:
        print(f"{PROG}: error: {tracked.failure.summary}; run {tracked.run_id[:8]} failed",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILURE
    folder = resolve_store_path(given, start=notebook.resolve().parent)
    with Store.open(folder) as store:
        candidate = store.get_run(tracked.run_id)
        base = _baseline(store, candidate, args.baseline)
        print(f"baseline: {base.id if base else 'none found'}", file=out)
        if base is not None and args.report:
            _write_report(store, base.id, candidate.id, args, args.report, out)
            print(f"report: {args.report}", file=out)
        elif args.report:
            report = Path(args.report)
            write_confined(
                report.parent,
                report.name,
                f"## mlops-lab: {candidate.name}\n\nNo baseline run of this notebook on "
                "main or master yet: nothing to compare with.\n",
            )
        requirements = list(args.require)
        if base is None:
            skipped = [r for r in requirements if r.uses_base]
            for r in skipped:
                print(f"skipped (no baseline): {r.text}", file=out)
            requirements = [r for r in requirements if not r.uses_base]
        if not requirements:
            return EXIT_OK
        return _print_gate(_gate(requirements, candidate, base), False, out)


def _baseline(store: Store, candidate: Run, baseline: str) -> Run | None:
    if baseline != "auto":
        return store.get_run(baseline)
    if candidate.notebook is None:
        return None
    return latest_on_default_branch(store, candidate.notebook, exclude=candidate.id)
