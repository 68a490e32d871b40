"""Content fingerprints of files and bytes: xxh3-128, fast and never in the way.

A fingerprint answers "is this the same data as before?", for the data a cell read
or wrote and for the variables it changed. It is not a security hash: xxh3-128 is
chosen because it hashes at memory speed, and 128 bits make accidental collisions
negligible. A file fingerprint equals ``xxhsum -H2`` of the file, so it can be
checked without mlops-lab.

In-memory values (kernel variables) are fingerprinted with the same hash by
`mlops_lab.core.capture.value_fingerprints`.
"""

from __future__ import annotations

import mmap
import os
import stat
from pathlib import Path

import xxhash

from ..errors import InvalidInputError, NotFoundError
from ..frozen import frozen

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from .cache_protocol import StatCache

__all__ = [
    "FileFingerprint",
    "MemoryStatCache",
    "fingerprint_bytes",
    "fingerprint_file",
]

# Below this a single read is cheaper than setting up a mapping.
_MMAP_MIN_SIZE = 1 << 20
# Read size when mapping is off or impossible; L2-sized buffers measured fastest here.
_READ_CHUNK = 256 << 10


def fingerprint_bytes(data: bytes | memoryview) -> str:
    """Return the xxh3-128 fingerprint of ``data`` as 32 hex digits."""
    return xxhash.xxh3_128_hexdigest(data)


@frozen
class FileFingerprint:
    """A file's content fingerprint with the stat fields that vouch for it."""

    path: str
    size: int
    mtime_ns: int
    inode: int
    fingerprint: str


class MemoryStatCache:
    """A `StatCache` in a dict: for tests, benchmarks and one-off scripts."""

    def __init__(self) -> None:
        self._entries: dict[str, FileFingerprint] = {}

    def lookup(self, path: str, size: int, mtime_ns: int, inode: int) -> str | None:
        entry = self._entries.get(path)
        if entry is None or (entry.size, entry.mtime_ns, entry.inode) != (size, mtime_ns, inode):
            return None
        return entry.fingerprint

    def remember(self, entry: FileFingerprint) -> None:
        self._entries[entry.path] = entry

    def __len__(self) -> int:
        return len(self._entries)


def fingerprint_file(
    path: Path | str, cache: StatCache | None = None, *, use_mmap: bool = True
) -> FileFingerprint:
    """Fingerprint a regular file, reading it only when the stat cache cannot vouch for it.

    Parameters
    ----------
    path
        The file. The cache key is the path as given: pass absolute paths.
    cache
        Where fingerprints are remembered by (path, size, mtime_ns, inode).
    use_mmap
        Hash large files through a read-only memory map (about 1.6 times faster
        than reading here). A file truncated by another process while it is
        mapped kills the reading process with SIGBUS; pass ``False`` to read in
        chunks instead where files are rewritten concurrently.

    Returns
    -------
    FileFingerprint
        The stat fields and the xxh3-128 of the content. If the file changed
        while it was read, the fingerprint is returned but not remembered.

    Raises
    ------
    NotFoundError
        The file does not exist.
    InvalidInputError
        The path is a directory or not a regular file, or cannot be read.
    """
    key = os.fspath(path)
    try:
        before = Path(key).stat()
    except FileNotFoundError:
        raise NotFoundError(f"Cannot fingerprint {key}: no such file.") from None
    except OSError as exc:
        raise InvalidInputError(f"Cannot fingerprint {key}: {exc.strerror}.") from None
    _require_regular_file(key, before.st_mode)
    if cache is not None:
        known = cache.lookup(key, before.st_size, before.st_mtime_ns, before.st_ino)
        if known is not None:
            return FileFingerprint(key, before.st_size, before.st_mtime_ns, before.st_ino, known)
    try:
        fd = os.open(key, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {key} to fingerprint it: {exc.strerror}.") from None
    try:
        opened = os.fstat(fd)
        _require_regular_file(key, opened.st_mode)
        digest = _hash_fd(fd, opened.st_size, use_mmap)
        after = os.fstat(fd)
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {key} to fingerprint it: {exc.strerror}.") from None
    finally:
        os.close(fd)
    entry = FileFingerprint(key, after.st_size, after.st_mtime_ns, after.st_ino, digest)
    if cache is not None and _version(opened) == _version(after):
        cache.remember(entry)
    return entry


def _require_regular_file(key: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InvalidInputError(f"Cannot fingerprint {key}: it is a directory; pass its files.")
    if not stat.S_ISREG(mode):
        # A FIFO or a device could block or never end.
        raise InvalidInputError(f"Cannot fingerprint {key}: it is not a regular file.")


def _version(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino


def _hash_fd(fd: int, size: int, use_mmap: bool) -> str:
    if use_mmap and size >= _MMAP_MIN_SIZE:
        try:
            with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as mapped:
                # One call over the whole mapping: the page cache is hashed in place,
                # without the copy a read() makes.
                return xxhash.xxh3_128_hexdigest(mapped)
        except (OSError, ValueError):
            pass  # a file system that cannot map: read it instead
    hasher = xxhash.xxh3_128()
    buffer = bytearray(_READ_CHUNK)
    view = memoryview(buffer)
    offset = 0
    while True:
        count = os.preadv(fd, [buffer], offset)
        if count == 0:
            return hasher.hexdigest()
        hasher.update(view[:count])
        offset += count
