"""`StatCache`: what remembers file fingerprints by their stat, as a protocol.

Apart from `mlops_lab.core.capture.fingerprints` because a protocol needs
`typing` at run time, a 2 ms import that most commands need not pay.
"""

from __future__ import annotations

from typing import Protocol

from .fingerprints import FileFingerprint

__all__ = ["StatCache"]


class StatCache(Protocol):
    """Remembers fingerprints by (path, size, mtime, inode), so an unchanged file costs a stat."""

    def lookup(self, path: str, size: int, mtime_ns: int, inode: int) -> str | None:
        """Return the remembered fingerprint if all four fields match, else ``None``."""

    def remember(self, entry: FileFingerprint) -> None:
        """Store ``entry``, replacing what was remembered for its path."""
