"""Object files as they are written: in pieces, hashed on the way, synced on threads."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable

import xxhash

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

__all__ = ["LARGE_OBJECT", "Syncs", "content_id", "unlink_all", "write_all", "write_hashed"]

#: From this size on, `put_many` names an object by its xxh3-128.
LARGE_OBJECT = 1 << 20


# Writes of at most 1 GiB at a time: larger ones are cut short by Linux anyway.
_WRITE_CHUNK = 1 << 30


# Concurrent fsyncs share the file system's journal commits: 1,000 small objects
# sync in a tenth of the time they take one after the other.
_SYNC_THREADS = 32


class Syncs:
    """Files synced as they are handed over, on threads; leaving waits for every sync.

    One file is synced on the caller's thread, at the end: no thread for it.
    """

    def __init__(self, count: int) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list[Future[None]] = []
        self._inline: list[str] = []
        self._threads = count > 1
        if count > 1:
            from concurrent.futures import ThreadPoolExecutor  # (and logging): only when needed

            self._pool = ThreadPoolExecutor(min(_SYNC_THREADS, count), thread_name_prefix="fsync")

    def early(self, fd: int) -> Future[None]:
        """Start writing back what was written to ``fd`` so far; it stays open until done."""
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(1, thread_name_prefix="fsync")
        return self._pool.submit(_fdatasync, fd)

    def start(self, path: str) -> None:
        if self._pool is None or not self._threads:
            self._inline.append(path)
        else:
            self._futures.append(self._pool.submit(_sync, path))

    def __enter__(self) -> Syncs:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                for path in self._inline:
                    _sync(path)
                for future in self._futures:
                    future.result()  # a failed sync raises here
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)


# macOS has no fdatasync: fsync starts the same writeback there.
_fdatasync = getattr(os, "fdatasync", os.fsync)


def unlink_all(paths: Iterable[str]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)  # noqa: PTH108


def _sync(path: str) -> None:
    # A file is synced through any descriptor of it; the writing one is closed
    # already, so that 1,000 objects never hold 1,000 descriptors open.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, item: bytes | memoryview, syncs: Syncs | None = None) -> None:
    """Write ``item``; a large one in pieces, its writeback started as it goes (``syncs``)."""
    with memoryview(item) as view, view.cast("B") as data:
        if syncs is not None and len(data) >= 2 * _EARLY_SYNC:
            _write_pieces(fd, data, syncs, None)
            return
        for offset in range(0, len(data), _WRITE_CHUNK):
            part = data[offset : offset + _WRITE_CHUNK]
            done = 0
            while done < len(part):
                done += os.write(fd, part[done:])


# Pieces hashed then written while still in the processor's cache (L2 size).
_PIECE = 1 << 19
# Every this many bytes of a large file, its data so far is handed to the disk
# (fdatasync, on a thread) while the rest is copied: pickle's one fsync at the
# end waits for all of it, this one for the last stretch only.
_EARLY_SYNC = 64 << 20


def write_hashed(fd: int, item: bytes | memoryview, syncs: Syncs | None = None) -> str:
    """Write ``item`` and return its object id (`content_id`), in one pass over it."""
    with memoryview(item) as view, view.cast("B") as data:
        if len(data) < LARGE_OBJECT:
            write_all(fd, data)
            return content_id(data)
        hasher = xxhash.xxh3_128()
        _write_pieces(fd, data, syncs, hasher)
        return hasher.hexdigest()


def _write_pieces(
    fd: int, data: memoryview, syncs: Syncs | None, hasher: xxhash.xxh3_128 | None
) -> None:
    early: Future[None] | None = None
    since = 0
    try:
        for offset in range(0, len(data), _PIECE):
            part = data[offset : offset + _PIECE]
            if hasher is not None:
                hasher.update(part)
            done = 0
            while done < len(part):
                done += os.write(fd, part[done:])
            since += len(part)
            if syncs is not None and since >= _EARLY_SYNC and (early is None or early.done()):
                early = syncs.early(fd)
                since = 0
    finally:
        if early is not None:
            early.result()  # before the caller closes fd: its number could be reused


def content_id(item: bytes | memoryview) -> str:
    with memoryview(item) as view, view.cast("B") as data:
        if len(data) >= LARGE_OBJECT:
            return xxhash.xxh3_128_hexdigest(data)
        return hashlib.sha256(data).hexdigest()
