"""Object files as they are written: in pieces, hashed on the way, synced on threads."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

import xxhash

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
        if count > 1:
            from concurrent.futures import ThreadPoolExecutor  # (and logging): only when needed

            self._pool = ThreadPoolExecutor(min(_SYNC_THREADS, count), thread_name_prefix="fsync")

    def start(self, path: str) -> None:
        if self._pool is None:
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


def write_all(fd: int, item: bytes | memoryview) -> None:
    with memoryview(item) as view, view.cast("B") as data:
        for offset in range(0, len(data), _WRITE_CHUNK):
            part = data[offset : offset + _WRITE_CHUNK]
            done = 0
            while done < len(part):
                done += os.write(fd, part[done:])


# Pieces hashed then written while still in the processor's cache (L2 size).
_HASHED_PIECE = 1 << 19


def write_hashed(fd: int, item: bytes | memoryview) -> str:
    """Write ``item`` and return its object id (`content_id`), in one pass over it."""
    with memoryview(item) as view, view.cast("B") as data:
        if len(data) < LARGE_OBJECT:
            write_all(fd, data)
            return content_id(data)
        hasher = xxhash.xxh3_128()
        for offset in range(0, len(data), _HASHED_PIECE):
            part = data[offset : offset + _HASHED_PIECE]
            hasher.update(part)
            done = 0
            while done < len(part):
                done += os.write(fd, part[done:])
        return hasher.hexdigest()


def content_id(item: bytes | memoryview) -> str:
    with memoryview(item) as view, view.cast("B") as data:
        if len(data) >= LARGE_OBJECT:
            return xxhash.xxh3_128_hexdigest(data)
        return hashlib.sha256(data).hexdigest()
