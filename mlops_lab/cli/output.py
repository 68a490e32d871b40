"""What every command prints: the program name, exit codes, JSON, tables, times and durations."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any, TextIO

__all__ = [
    "EXIT_FAILURE",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROG",
    "announce_store",
    "cleaned",
    "duration_text",
    "local_time",
    "os_error_message",
    "print_failure",
    "print_json",
    "print_table",
]

PROG = "mlops-lab"
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def print_failure(message: str, *, kind: str = "error") -> int:
    """Print ``mlops-lab: error: MESSAGE`` on stderr, secrets redacted; return `EXIT_FAILURE`.

    The one place a command prints why it failed: CI logs keep stderr, so
    token-like strings and the values of environment variables never reach it.
    """
    print(f"{PROG}: {kind}: {cleaned(message)}", file=sys.stderr)
    return EXIT_FAILURE


def cleaned(text: str) -> str:
    """``text`` with token-like strings redacted and environment values scrubbed."""
    from ..core.capture.redaction import EnvironmentValues, redact

    return EnvironmentValues(os.environ).scrub(redact(text))


def os_error_message(error: OSError | sqlite3.Error) -> str:
    """What failed and why, in words (no space, read-only, no permission), and what to do."""
    if not isinstance(error, OSError):  # SQLite says it in words of its own
        from ..core.store.write_failures import failure_code

        error = OSError(failure_code(error), f"the store's database failed: {error}")
    where = f" ({error.filename})" if error.filename else ""
    advice = {
        errno.ENOSPC: "the disk is full: free some space and try again",
        errno.EDQUOT: "the disk quota is exhausted: free some space and try again",
        errno.EROFS: "the file system is read-only: use a writable store (--store PATH)",
        errno.EACCES: "permission denied: use a store you may write (--store PATH)",
        errno.EPERM: "operation not permitted: use a store you may write (--store PATH)",
    }.get(error.errno or 0, error.strerror or str(error))
    return f"{advice}{where}."


def print_json(value: Any, out: TextIO) -> None:
    """``value`` as indented JSON: what ``--json`` prints (the REST API's shapes)."""
    json.dump(value, out, indent=2, sort_keys=False)
    out.write("\n")


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Columns padded to their widest cell, two spaces apart, no trailing blanks."""
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print(
            "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(),
            file=out,
        )


def local_time(moment: datetime) -> str:
    """A moment in the user's time zone, to the second."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def duration_text(seconds: float | None) -> str:
    """``12.3s``, ``4m 05s``, ``1h 02m``; ``running`` while a run has no end."""
    if seconds is None:
        return "running"
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s"


def announce_store(store: Path, cwd: Path | None = None) -> None:
    """Say on stderr which store a command writes to, when it is not the one of ``cwd``.

    A user who runs a command in one folder expects its record in the store found
    from there; any other store (of the notebook's project, from ``--store`` or
    ``MLOPS_LAB_STORE``) is named, so no run lands somewhere unseen.
    """
    from ..core.store.location import resolve_store_path

    here = resolve_store_path(None, start=cwd or Path.cwd()).resolve()
    if store.resolve() != here:
        print(f"{PROG}: recording in the store {store}", file=sys.stderr)
