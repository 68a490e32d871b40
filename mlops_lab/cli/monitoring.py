"""``mlops-lab profile | monitor``: data profiles of runs, and drift of production batches.

``monitor`` decides its exit code: 0 without drift, 1 when a column drifted or
the schema changed, 2 for a malformed threshold or model reference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from ..core import InvalidInputError, MlopsLabError, Store
from ..core.continuous import (
    Thresholds,
    monitor_batch,
    monitor_history,
    monitor_to_json,
    profile_run,
    profile_to_json,
    read_table,
)
from ..core.continuous.render import render_monitor_html
from ..core.registry import open_registry, parse_model_uri
from ..core.store.confined import write_confined
from .output import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, PROG, print_json, print_table

__all__ = ["add_commands"]


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    """Add ``profile`` and ``monitor`` to the ``mlops-lab`` sub-parsers."""
    profile = commands.add_parser(
        "profile",
        parents=[store_option],
        help="profile the tables (CSV, Parquet) a run read",
        description="Profile each CSV or Parquet file RUN read, while the file is unchanged, "
        "and keep the profiles with the run.",
    )
    profile.add_argument("run", metavar="RUN")
    profile.add_argument("--json", action="store_true")
    profile.set_defaults(handler=_cmd_profile)

    monitor = commands.add_parser(
        "monitor",
        parents=[store_option],
        help="check a production batch for drift against a model's training data",
        description="Compare BATCH (CSV or Parquet) with the profile of the data the model "
        "version was trained on; exit 1 when a column drifted or the schema changed.",
    )
    monitor.add_argument("model", metavar="MODEL[@ALIAS|/VERSION]")
    monitor.add_argument("batch", metavar="BATCH", nargs="?")
    monitor.add_argument("--registry", metavar="URI", default=None)
    monitor.add_argument("--json", action="store_true")
    monitor.add_argument("--html", action="store_true", help="write an HTML page (with -o)")
    monitor.add_argument("-o", "--output", metavar="FILE")
    monitor.add_argument("--threshold", action="append", default=[], metavar="NAME=VALUE",
                         help="psi=0.2, ks=0.1, p_value=0.05, missing=0.1")  # fmt: skip
    monitor.add_argument("--history", action="store_true", help="list the recorded checks")
    monitor.set_defaults(standalone=_cmd_monitor)


# -- profile and monitor ---------------------------------------------------------------------


def _cmd_profile(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    found = profile_run(store, args.run)
    if args.json:
        print_json(
            [
                {
                    "path": p.file.path,
                    "fingerprint": p.file.fingerprint,
                    "profile": None if p.profile is None else profile_to_json(p.profile),
                    "problem": p.problem,
                }
                for p in found
            ],
            out,
        )
        return
    if not found:
        print("The run read no CSV or Parquet file.", file=out)
        return
    rows = [
        (
            p.file.path,
            "-" if p.profile is None else str(p.profile.rows),
            "-" if p.profile is None else str(len(p.profile.columns)),
            p.problem or ("computed now" if p.computed else "stored"),
        )
        for p in found
    ]
    print_table(("FILE", "ROWS", "COLUMNS", "PROFILE"), rows, out)


def _cmd_monitor(args: argparse.Namespace, out: TextIO) -> int:
    try:
        thresholds = Thresholds.parse(args.threshold)
        ref = parse_model_uri(args.model)
    except InvalidInputError as error:
        print(f"{PROG}: error: {error.message}", file=sys.stderr)
        return EXIT_USAGE
    if args.batch is None and not args.history:
        print(f"{PROG}: error: give BATCH (a CSV or Parquet file), or --history",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    with (
        Store.open(getattr(args, "store", None)) as store,
        open_registry(args.registry, store) as registry,
    ):
        if args.history:
            history = monitor_history(registry, ref)
            if args.json:
                print_json(history, out)
            else:
                _print_history(history, out)
            return EXIT_OK
        batch = Path(args.batch)
        result = monitor_batch(
            registry, store, ref, read_table(batch), batch_name=str(batch), thresholds=thresholds
        )
    document = monitor_to_json(result)
    if args.html:
        if not args.output:
            raise MlopsLabError("--html writes a page: give -o FILE.html too.")
        page = Path(args.output)
        write_confined(page.parent, page.name, render_monitor_html(document))
    elif args.json:
        print_json(document, out)
    else:
        _print_monitor(document, out)
    return EXIT_FAILURE if result.drifted else EXIT_OK


def _print_monitor(document: dict[str, Any], out: TextIO) -> None:
    verdict = "DRIFT" if document["drifted"] else "no drift"
    print(f"{document['model']}/{document['version']}: {verdict} in {document['batch']} "
          f"({document['rows']} rows) against {document['training_file']}", file=out)  # fmt: skip
    rows = [
        (
            c["column"],
            c["kind"],
            _number(c["psi"]),
            _number(c["ks_statistic"]),
            f"{c['missing_before']:.1%} -> {c['missing_after']:.1%}",
            "; ".join(c["reasons"]) or "ok",
        )
        for c in document["columns"]
    ]
    print_table(("COLUMN", "KIND", "PSI", "KS", "MISSING", "VERDICT"), rows, out)
    for change in document["schema"]:
        needed = "" if change["drifted"] else " (not a model input)"
        print(f"schema: {change['change']} column {change['column']}{needed}", file=out)
    cells = ", ".join(
        f"[{c['execution_count'] or '-'}] {c['cell_id'] or ''}: {c['first_line']}"
        for c in document["training_cells"]
    )
    for column in [c["column"] for c in document["columns"] if c["drifted"]]:
        print(f"drifting column {column}: trained on {document['training_file']}, "
              f"read by cell {cells or '(none recorded)'}", file=out)  # fmt: skip


def _print_history(history: list[Any], out: TextIO) -> None:
    if not history:
        print("No monitoring checks recorded for this version.", file=out)
        return
    rows = [
        (
            str(h.get("when", "")),
            str(h.get("batch", "")),
            str(h.get("rows", "")),
            "DRIFT" if h.get("drifted") else "ok",
            ", ".join(h.get("drifting_columns") or []) or "-",
        )
        for h in history
    ]
    print_table(("WHEN", "BATCH", "ROWS", "VERDICT", "DRIFTING"), rows, out)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"
