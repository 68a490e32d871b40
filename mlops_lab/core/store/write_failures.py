"""Why a write to the store failed, in words: the one reading of OS and SQLite errors.

The CLI, the kernel's writer and the store's read-only fallback all name the
cause the same way (no space, read-only, no permission) instead of a repr.
"""

from __future__ import annotations

import errno
import sqlite3

__all__ = ["CAUSES", "failure_cause", "failure_code"]

#: The causes a user can act on, by errno.
CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EIO: "an I/O error",
}


def failure_code(error: OSError | sqlite3.Error) -> int:
    """The errno of a failed write; SQLite, which says it in words, mapped to one."""
    if isinstance(error, OSError):
        return error.errno or 0
    text = str(error)
    if "full" in text:
        return errno.ENOSPC
    if "readonly" in text:
        return errno.EROFS
    return 0


def failure_cause(error: OSError | sqlite3.Error) -> str | None:
    """The cause in words (`CAUSES`), or None when it is none of those."""
    return CAUSES.get(failure_code(error))
