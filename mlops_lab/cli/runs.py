"""``mlops-lab runs``, ``show``, ``info``, ``rename``, ``tag``, ``delete``: the record."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from .. import __version__
from ..core import (
    MAX_PAGE_SIZE,
    InvalidInputError,
    Run,
    RunDetail,
    RunQuery,
    RunSortKey,
    RunStatus,
    Store,
    info_to_json,
    run_detail_to_json,
    run_to_json,
)
from ..core.records import RUN_SCOPES
from .arguments import count, sort_key
from .output import duration_text, local_time, print_json, print_table
from .run_columns import choose_columns, format_column, parse_columns

__all__ = ["add_commands"]


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
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
        type=sort_key,
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
    runs.add_argument(
        "--scope",
        choices=RUN_SCOPES,
        default="all",
        help="local: runs made here; team: runs pulled from a remote; all (default)",
    )
    runs.add_argument("--asc", action="store_true", help="ascending order (default: descending)")
    runs.add_argument("--limit", type=count, metavar="N", help="at most N runs (default: all)")
    runs.add_argument(
        "--columns",
        type=parse_columns,
        metavar="A,B",
        help="params and metrics to show as columns, e.g. lr,metrics.acc (default: those "
        "that differ among the runs, with the ones --sort and --filter name)",
    )
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

    info = commands.add_parser(
        "info", parents=[store_option], help="where the store is and what it holds"
    )
    info.add_argument("--json", action="store_true", help="print as JSON")
    info.set_defaults(handler=_cmd_info)

    # The edits the panel's context menu makes.
    rename = commands.add_parser("rename", parents=[store_option], help="rename a run")
    rename.add_argument("run", metavar="RUN", help="run id, or a unique prefix of it")
    rename.add_argument("name", metavar="NAME", help="the new name")
    rename.set_defaults(handler=_cmd_rename)

    tag = commands.add_parser(
        "tag",
        parents=[store_option],
        help="set or remove tags of a run",
        description="Set tags (KEY=VALUE) and remove others (--remove KEY) on a run.",
    )
    tag.add_argument("run", metavar="RUN", help="run id, or a unique prefix of it")
    tag.add_argument("tags", nargs="*", metavar="KEY=VALUE", help="tags to set")
    tag.add_argument(
        "--remove", action="append", default=[], metavar="KEY", help="a tag to remove (repeatable)"
    )
    tag.set_defaults(handler=_cmd_tag)

    delete = commands.add_parser(
        "delete", parents=[store_option], help="delete runs and everything recorded under them"
    )
    delete.add_argument("runs", nargs="+", metavar="RUN", help="run ids or unique prefixes")
    delete.set_defaults(handler=_cmd_delete)

    gc = commands.add_parser(
        "gc",
        parents=[store_option],
        help="remove objects nothing references any more (deleted runs') and stale temp files",
    )
    gc.add_argument("--dry-run", action="store_true", help="say what would go, remove nothing")
    gc.set_defaults(handler=_cmd_gc)


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
                scope=args.scope,
            ),
            args.limit,
        )
    )
    if args.json:
        print_json([run_to_json(r) for r in runs], out)
        return
    if not runs:
        if args.filter or args.experiment or args.notebook or args.status:
            print("No run matches the given filter.", file=out)
        else:
            print("No runs in this store yet. Track a notebook with %load_ext mlops_lab.", file=out)
        return
    columns, left_out = choose_columns(
        runs, chosen=args.columns, sort=args.sort, filter_text=args.filter
    )
    header = ["ID", "NAME", "STATUS", "NOTEBOOK", "STARTED", "DURATION"]
    rows = [
        [
            r.id[:8],
            r.name,
            r.status.value,
            r.notebook or "-",
            local_time(r.started_at),
            duration_text(r.duration),
        ]
        for r in runs
    ]
    for column in columns:
        header.append(column.header)
        for row, text in zip(rows, format_column([column.value(r) for r in runs]), strict=True):
            row.append(text)
    print_table(header, rows, out)
    if left_out:
        print(f"({left_out} more differing params or metrics: choose with --columns)", file=out)


def _cmd_show(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    detail = store.get_run_detail(args.run)
    if args.json:
        print_json(run_detail_to_json(detail), out)
        return
    _print_detail(detail, out)


def _cmd_info(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    # The REST API's producer: the CLI prints exactly what GET info answers.
    body = info_to_json(store.info(), __version__)
    if args.json:
        print_json(body, out)
    else:
        for key, value in body.items():
            print(f"{key + ':':<16}{value}", file=out)


def _cmd_rename(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    run = store.update_run(args.run, name=args.name)
    print(f"{run.id[:8]}  {run.name}", file=out)


def _cmd_tag(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    tags: dict[str, str | None] = {}
    for pair in args.tags:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidInputError(f"Expected KEY=VALUE, got {pair!r}; e.g. team=vision.")
        tags[key] = value
    tags.update(dict.fromkeys(args.remove))
    if not tags:
        raise InvalidInputError("Give tags to set (KEY=VALUE) or to remove (--remove KEY).")
    run = store.update_run(args.run, tags=tags)
    for key, value in run.tags.items():
        print(f"{key}={value}", file=out)


def _cmd_delete(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    # Resolve every id first: a typo in the third id must not leave two deleted.
    run_ids = [store.resolve_run_id(run_id) for run_id in args.runs]
    for run_id in run_ids:
        store.delete_run(run_id)
        print(f"deleted {run_id}", file=out)


def _cmd_gc(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    from ..core.store.garbage import collect_garbage

    report = collect_garbage(store, dry_run=args.dry_run)
    verb = "would free" if report.dry_run else "freed"
    print(
        f"{verb} {report.objects} objects ({_size(report.object_bytes)}) and "
        f"{report.temp_files} temp files ({_size(report.temp_bytes)}); "
        f"kept {report.kept} objects",
        file=out,
    )


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    return f"{count / 1024**2:.1f} MiB" if count >= 1024**2 else f"{count / 1024:.1f} KiB"


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


def _print_detail(detail: RunDetail, out: TextIO) -> None:
    run = detail.run
    fields = {
        "run": f"{run.id}  {run.name}",
        "experiment": run.experiment,
        "notebook": run.notebook or "-",
        "status": run.status.value,
        "started": local_time(run.started_at),
        "ended": local_time(run.ended_at) if run.ended_at else "-",
        "duration": duration_text(run.duration),
    }
    if run.origin is not None:
        fields["origin"] = (
            f"pulled from {run.origin.remote} (run {run.origin.remote_run_id}"
            f"{', by ' + run.origin.user if run.origin.user else ''}); read-only here"
        )
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
        print(f"\n  [{count}] #{cell.seq}  {duration_text(cell.duration)}{mark}", file=out)
        for line in cell.code.splitlines():
            print(f"    {line}", file=out)
