"""``mlops-lab remote``, ``push``, ``pull``, ``sync``: sharing runs with a team's MLflow server."""

from __future__ import annotations

import argparse
import os
from datetime import datetime, timezone
from typing import Any, TextIO

from ..core import InvalidInputError, Store
from ..core.remote import (
    SyncReport,
    check_remote_name,
    drain,
    parse_remote_url,
    pull,
    push_runs,
    store_remote,
)
from ..core.timestamps import from_epoch, iso_timestamp
from .output import local_time, print_json, print_table

__all__ = ["add_commands"]


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    remote = commands.add_parser(
        "remote",
        parents=[store_option],
        help="the team's MLflow servers runs are pushed to and pulled from",
        description="Add, list and remove remotes (MLflow tracking servers). Credentials are "
        "never stored: MLflow's MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD "
        "are used as MLflow uses them.",
    )
    actions = remote.add_subparsers(dest="action", metavar="ACTION", parser_class=type(remote))
    add = actions.add_parser("add", parents=[store_option], help="add a remote")
    add.add_argument("name", metavar="NAME", help="the remote's name here, e.g. team")
    add.add_argument("url", metavar="URL", help="mlflow:http://HOST:PORT")
    add.add_argument(
        "--auto",
        action="store_true",
        help="push every recorded change in the background (offline-first: queued when down)",
    )
    add.set_defaults(handler=_cmd_add)
    listing = actions.add_parser("list", parents=[store_option], help="list the remotes")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    listing.set_defaults(handler=_cmd_list)
    remove = actions.add_parser("remove", parents=[store_option], help="remove a remote")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=_cmd_remove)

    push = commands.add_parser(
        "push",
        parents=[store_option],
        help="mirror runs to a remote's MLflow server",
        description="Push runs (the latest by default) to a remote: one MLflow run each, "
        "incrementally. When the server is down the runs stay queued (see sync).",
    )
    push.add_argument(
        "remote", nargs="?", metavar="NAME", help="the remote (default: the only one)"
    )
    push.add_argument("runs", nargs="*", metavar="RUN", help="run ids or prefixes")
    push.add_argument("--all", action="store_true", help="every run made here")
    push.set_defaults(handler=_cmd_push)

    pull_cmd = commands.add_parser(
        "pull",
        parents=[store_option],
        help="import a remote's runs (read-only here)",
        description="Import the runs of a remote's MLflow server; pulling again updates them.",
    )
    pull_cmd.add_argument("remote", metavar="NAME")
    pull_cmd.add_argument("--experiment", metavar="E", help="only runs of MLflow experiment E")
    pull_cmd.add_argument("--since", metavar="DATE", help="only runs begun since DATE (ISO 8601)")
    pull_cmd.set_defaults(handler=_cmd_pull)

    sync = commands.add_parser(
        "sync",
        parents=[store_option],
        help="push the queued runs now, or show them (--status)",
    )
    sync.add_argument("remote", nargs="?", metavar="NAME", help="one remote (default: all)")
    sync.add_argument("--status", action="store_true", help="show what waits and the last error")
    sync.add_argument("--json", action="store_true", help="print as JSON")
    sync.set_defaults(handler=_cmd_sync)


def _cmd_add(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    url = parse_remote_url(args.url)
    store.add_remote(check_remote_name(args.name), url, auto=args.auto)
    mode = " (automatic: every recorded change is pushed)" if args.auto else ""
    print(f"added remote {args.name}: {url}{mode}", file=out)


def _cmd_list(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    remotes = store.remotes()
    pending: dict[str, int] = {}
    for entry in store.outbox():
        pending[entry.remote] = pending.get(entry.remote, 0) + 1
    if args.json:
        print_json(
            [
                {
                    "name": r.name,
                    "url": r.url,
                    "auto": r.auto,
                    "pending": pending.get(r.name, 0),
                    "last_push_at": None
                    if r.last_push_at is None
                    else iso_timestamp(from_epoch(r.last_push_at)),
                    "last_error": r.last_error,
                }
                for r in remotes
            ],
            out,
        )
        return
    if not remotes:
        print(
            "No remotes; add one with: mlops-lab remote add team mlflow:http://HOST:PORT", file=out
        )
        return
    rows = [
        [r.name, r.url, "auto" if r.auto else "-", str(pending.get(r.name, 0))] for r in remotes
    ]
    print_table(["NAME", "URL", "PUSH", "PENDING"], rows, out)


def _cmd_remove(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    store.remove_remote(args.name)
    print(f"removed remote {args.name}", file=out)


def _default_remote(store: Store, name: str | None) -> str:
    if name:
        return name
    names = [r.name for r in store.remotes()]
    if len(names) != 1:
        raise InvalidInputError(
            "Name the remote: "
            + (", ".join(names) if names else "none yet (mlops-lab remote add NAME URL)")
            + "."
        )
    return names[0]


def _quick_failures() -> None:
    # MLflow's client retries a dead server for minutes; a command line should say so
    # soon (the runs stay queued). A user's own setting wins.
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2")
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "60")
    os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")


def _cmd_push(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    names = {r.name for r in store.remotes()}
    run_ids = list(args.runs)
    name = args.remote
    if name is not None and name not in names:  # `push RUN` with one remote
        run_ids.insert(0, name)
        name = None
    remote = store_remote(store, _default_remote(store, name))
    if args.all:
        run_ids = store.local_run_ids()
    elif not run_ids:
        page = store.list_runs()
        local = [r.id for r in page.runs if r.origin is None]
        if not local:
            raise InvalidInputError("No run to push: track a notebook first.")
        run_ids = local[:1]
    _quick_failures()
    report = push_runs(store, remote, run_ids)
    _print_report(report, out)


def _print_report(report: SyncReport, out: TextIO) -> None:
    for pushed in report.pushed:
        verb = "created" if pushed.created else "updated"
        print(
            f"{pushed.run_id[:8]} -> {report.remote} run {pushed.remote_run_id} ({verb}: "
            f"{pushed.params} params, {pushed.metric_points} metric points, "
            f"{pushed.artifacts} artifacts)",
            file=out,
        )
    if report.failed:
        print(
            f"{len(report.failed)} runs kept in the outbox for {report.remote}: {report.error} "
            f"(mlops-lab sync {report.remote} pushes them; sync --status shows them)",
            file=out,
        )


def _cmd_pull(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            raise InvalidInputError(
                f"--since {args.since!r} is not a date; give e.g. 2024-05-01 or 2024-05-01T12:00."
            ) from None
        if since.tzinfo is None:
            since = since.astimezone()  # the user's own time zone
        since = since.astimezone(timezone.utc)
    _quick_failures()
    report = pull(store, store_remote(store, args.remote), experiment=args.experiment, since=since)
    print(
        f"pulled from {report.remote}: {len(report.new)} new, {len(report.updated)} updated, "
        f"{report.unchanged} unchanged, {report.own} made here",
        file=out,
    )


def _cmd_sync(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    names = [args.remote] if args.remote else [r.name for r in store.remotes()]
    remotes = [store_remote(store, name) for name in names]
    if not args.status:
        _quick_failures()
        for remote in remotes:
            _print_report(drain(store, remote, force=True), out)
    entries = [e for e in store.outbox() if e.remote in names]
    if args.json:
        print_json(
            [
                {
                    "remote": e.remote,
                    "run_id": e.run_id,
                    "changed_at": iso_timestamp(from_epoch(e.changed_at)),
                    "attempts": e.attempts,
                    "last_error": e.last_error,
                }
                for e in entries
            ],
            out,
        )
        return
    if not entries:
        print("Nothing waits to be pushed.", file=out)
        return
    print(f"{len(entries)} runs wait to be pushed:", file=out)
    rows = [
        [
            e.remote,
            e.run_id[:8],
            local_time(from_epoch(e.changed_at)),
            str(e.attempts),
            e.last_error or "-",
        ]
        for e in entries
    ]
    print_table(["REMOTE", "RUN", "CHANGED", "ATTEMPTS", "LAST ERROR"], rows, out)
