"""Argument types and options shared by command groups: each error is one line of usage."""

from __future__ import annotations

import argparse
from typing import NoReturn

from ..core import MlopsLabError, RunSortKey, ValueSort
from .output import EXIT_USAGE, PROG

__all__ = ["Parser", "count", "sort_key", "store_option"]


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, as every other error here."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{PROG}: error: {message} (see {self.prog} --help)\n")


def store_option() -> argparse.ArgumentParser:
    """The ``--store`` option every command that reads or writes the store takes."""
    option = Parser(add_help=False)
    option.add_argument(
        "--store",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the .mlops-lab store folder (default: $MLOPS_LAB_STORE, else the nearest "
        ".mlops-lab above the current folder)",
    )
    return option


def sort_key(text: str) -> RunSortKey | ValueSort:
    """A ``--sort`` value: a run column, ``metrics.NAME`` or ``params.NAME``."""
    try:
        return ValueSort.parse(text)
    except MlopsLabError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def count(text: str) -> int:
    """A whole number, 0 or more (``--limit``, ``--timeout``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, not {value}")
    return value
