"""The stat cache: a file with unchanged size, mtime and inode keeps its fingerprint."""

from __future__ import annotations

from ..capture.fingerprints import FileFingerprint
from ._database import Database

__all__ = ["StoreStatCache"]


class StoreStatCache:
    """The ``stat_cache`` table: an unchanged file costs one stat and one lookup."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def lookup(self, path: str, size: int, mtime_ns: int, inode: int) -> str | None:
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT fingerprint FROM stat_cache"
                " WHERE path = ? AND size = ? AND mtime_ns = ? AND inode = ?",
                (path, size, mtime_ns, inode),
            ).fetchone()
        return None if row is None else str(row[0])

    def remember(self, entry: FileFingerprint) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO stat_cache (path, size, mtime_ns, inode, fingerprint)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
                " mtime_ns = excluded.mtime_ns, inode = excluded.inode,"
                " fingerprint = excluded.fingerprint",
                (entry.path, entry.size, entry.mtime_ns, entry.inode, entry.fingerprint),
            )
