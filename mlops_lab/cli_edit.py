"""``mlops-lab rename``, ``tag`` and ``delete``: the edits the panel's context menu makes."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .core import InvalidInputError, Store

__all__ = ["add_commands"]


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    """Add ``rename``, ``tag`` and ``delete`` to the subcommands of ``mlops-lab``."""
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
