"""Content-addressed blobs: the name of an object is the hash of its bytes.

An object is written to a temporary file in the same folder tree and renamed
into place, so a reader or a crash never sees half an object, and two writers
of the same content both succeed with one copy.

Objects are named by their SHA-256 (64 hex digits), except the large buffers of
checkpoints (`put_many`), named by their xxh3-128 (32 hex digits): SHA-256 runs
at a fraction of the disk's speed here, xxh3 at memory speed, and 128 bits make
an accidental collision as negligible as they do for fingerprints.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import mmap
import os
import re
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import xxhash

from ..errors import InvalidInputError, NotFoundError, StoreReadOnlyError

__all__ = ["LARGE_OBJECT", "TEMP_MAX_AGE", "ObjectStore"]

_OBJECT_ID = re.compile(r"^[0-9a-f]{32}(?:[0-9a-f]{32})?$")
#: A temp file older than this (seconds) belongs to a write that crashed.
TEMP_MAX_AGE = 3600
#: From this size on, `put_many` names an object by its xxh3-128.
LARGE_OBJECT = 1 << 20


class ObjectStore:
    """The ``objects/`` folder of a store."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._tmp = root / "tmp"
        # Objects are immutable once written: one known to exist is never checked again
        # (a cell run a hundred times writes its code once and stats it once).
        self._known: set[str] = set()
        self._folders: set[str] = set()  # object sub-folders known to exist
        #: Why objects cannot be written (the store is open read-only), or None.
        self.read_only: str | None = None

    def _check_writable(self) -> None:
        if self.read_only is not None:
            raise StoreReadOnlyError(self.read_only)

    def ensure(self) -> None:
        self._tmp.mkdir(parents=True, exist_ok=True)
        # A write that crashed left its temp file behind: gone once an hour old.
        limit = time.time() - TEMP_MAX_AGE
        for entry in os.scandir(self._tmp):
            with contextlib.suppress(OSError):
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)  # noqa: PTH108

    def put(self, data: bytes) -> str:
        """Store ``data`` once and return its object id."""
        object_id = hashlib.sha256(data).hexdigest()
        if object_id in self._known:
            return object_id
        self._check_writable()
        target = self._path(object_id)
        if _touch(target):
            self._known.add(object_id)
            return object_id
        target.parent.mkdir(exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self._tmp, prefix=object_id[:8])
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            Path(tmp_name).replace(target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        self._known.add(object_id)
        return object_id

    def put_many(
        self, items: Sequence[bytes | memoryview], *, fresh: Sequence[bool] | None = None
    ) -> tuple[list[str], int]:
        """Store several objects, each once; return their ids in order and the bytes written.

        Buffers are written as they are (a NumPy array's memory, without a copy);
        those of `LARGE_OBJECT` bytes or more are named by their xxh3-128. New
        objects are written a batch at a time, then synced together, so the disk
        sees bursts instead of one flush per object; each is renamed into place
        once synced.

        Parameters
        ----------
        items
            The objects' bytes.
        fresh
            Per item, whether it is probably not stored yet (a value never
            checkpointed before). A large fresh item is hashed as it is written,
            in one pass over its memory instead of two; should it exist after
            all, the copy is dropped.
        """
        self._check_writable()
        flags = list(fresh) if fresh is not None else [False] * len(items)
        ids: list[str | None] = [
            None if flag and memoryview(item).nbytes >= LARGE_OBJECT else _content_id(item)
            for item, flag in zip(items, flags, strict=True)
        ]
        todo: dict[str, bytes | memoryview] = {}
        unnamed: list[tuple[int, bytes | memoryview]] = []
        root = str(self.root)
        for index, (object_id, item) in enumerate(zip(ids, items, strict=True)):
            if object_id is None:
                unnamed.append((index, item))
                continue
            if object_id in self._known or object_id in todo:
                continue
            self._path(object_id)  # checks the id
            if _touch(f"{root}/{object_id[:2]}/{object_id[2:]}"):
                self._known.add(object_id)
                continue
            todo[object_id] = item
        pending: list[tuple[str | None, bytes | memoryview]] = [*todo.items()]
        pending.extend((None, item) for _, item in unnamed)
        named, written = self._write_objects(pending)
        for (index, _), object_id in zip(unnamed, named[len(todo) :], strict=True):
            ids[index] = object_id
        return [object_id or "" for object_id in ids], written

    def _write_objects(
        self, pending: list[tuple[str | None, bytes | memoryview]]
    ) -> tuple[list[str], int]:
        """Write, sync and name objects; one without an id is hashed as it is written.

        The largest are written first, so that the disk is already writing them
        back while the small ones are written; then every file is synced at once
        (concurrent fsyncs share journal commits) and renamed into place.
        Returns the ids, in the order of ``pending``, and the bytes of the new objects.
        """
        # Plain strings and os calls: for 1,000 small objects, pathlib's own cost
        # would be a third of the time.
        root, tmp, pid = str(self.root), str(self._tmp), os.getpid()
        order = sorted(range(len(pending)), key=lambda i: -memoryview(pending[i][1]).nbytes)
        names: list[str] = [""] * len(pending)
        temps: list[str] = []
        new_bytes = 0
        try:
            for index in order:
                object_id, item = pending[index]
                # A name unique to this process and write, cheaper than mkstemp's search.
                tmp_name = f"{tmp}/{object_id or 'new'}.{pid}.{next(_TMP_NUMBERS)}"
                fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                temps.append(tmp_name)
                try:
                    names[index] = object_id or _write_hashing(fd, item)
                    if object_id:
                        _write(fd, item)
                finally:
                    os.close(fd)
            _sync_all(temps)
            for index, tmp_name in zip(order, temps, strict=True):
                object_id = names[index]
                folder = f"{root}/{object_id[:2]}"
                target = f"{folder}/{object_id[2:]}"
                if object_id in self._known or os.path.exists(target):  # noqa: PTH110
                    os.unlink(tmp_name)  # noqa: PTH108 - stored before: this copy goes
                else:
                    if folder not in self._folders:
                        os.makedirs(folder, exist_ok=True)  # noqa: PTH103
                        self._folders.add(folder)
                    os.replace(tmp_name, target)  # noqa: PTH105
                    new_bytes += memoryview(pending[index][1]).nbytes
                self._known.add(object_id)
        except BaseException:
            for tmp_name in temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)  # noqa: PTH108
            raise
        return names, new_bytes

    def read_buffer(self, object_id: str) -> bytearray | mmap.mmap:
        """Read an object into a new writable buffer (what a restored array keeps).

        A large object goes into anonymous memory (`mmap`), whose pages the read
        fills as it goes: a ``bytearray`` would first zero all of them, a second
        pass over a gigabyte.
        """
        path = self._path(object_id)
        try:
            with path.open("rb", buffering=0) as source:
                size = os.fstat(source.fileno()).st_size
                data: bytearray | mmap.mmap = (
                    mmap.mmap(-1, size) if size >= LARGE_OBJECT else bytearray(size)
                )
                with memoryview(data) as view:
                    filled = 0
                    while filled < size:
                        count = source.readinto(view[filled:])
                        if not count:
                            break
                        filled += count
        except FileNotFoundError:
            raise NotFoundError(
                f"Object {object_id} is missing from {self.root}; "
                "the store was copied incompletely or edited by hand."
            ) from None
        return data

    def put_text(self, text: str) -> str:
        return self.put(text.encode("utf-8"))

    def get(self, object_id: str) -> bytes:
        """Read an object back; a missing one is a `NotFoundError`."""
        try:
            return self._path(object_id).read_bytes()
        except FileNotFoundError:
            raise NotFoundError(
                f"Object {object_id} is missing from {self.root}; "
                "the store was copied incompletely or edited by hand."
            ) from None

    def get_text(self, object_id: str) -> str:
        return self.get(object_id).decode("utf-8")

    def __contains__(self, object_id: object) -> bool:
        return isinstance(object_id, str) and self._path(object_id).exists()

    def _path(self, object_id: str) -> Path:
        if not _OBJECT_ID.match(object_id):
            raise InvalidInputError(f"{object_id!r} is not an object id (64 hex digits).")
        return self.root / object_id[:2] / object_id[2:]


# Writes of at most 1 GiB at a time: larger ones are cut short by Linux anyway.
_WRITE_CHUNK = 1 << 30
# Hashed and written a piece at a time, the hash on a helper thread.
_HASHED_CHUNK = 4 << 20


_TMP_NUMBERS = itertools.count()
# Concurrent fsyncs share the file system's journal commits: 1,000 small objects
# sync in a tenth of the time they take one after the other.
_SYNC_THREADS = 32


def _sync_all(paths: list[str]) -> None:
    if len(paths) <= 1:
        for path in paths:
            _sync(path)
        return
    with ThreadPoolExecutor(min(_SYNC_THREADS, len(paths)), thread_name_prefix="fsync") as pool:
        for _ in pool.map(_sync, paths):
            pass


def _sync(path: str) -> None:
    # A file is synced through any descriptor of it; the writing one is closed
    # already, so that 1,000 objects never hold 1,000 descriptors open.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(fd: int, item: bytes | memoryview) -> None:
    with memoryview(item) as view, view.cast("B") as data:
        for offset in range(0, len(data), _WRITE_CHUNK):
            part = data[offset : offset + _WRITE_CHUNK]
            done = 0
            while done < len(part):
                done += os.write(fd, part[done:])


def _write_hashing(fd: int, item: bytes | memoryview) -> str:
    """Write ``item`` and return its xxh3-128, the hash running beside the write.

    Both release the interpreter: a helper thread hashes each piece while this
    one writes it, so a second core hides the hash (updates stay in order).
    """
    hasher = xxhash.xxh3_128()
    with (
        memoryview(item) as view,
        view.cast("B") as data,
        ThreadPoolExecutor(1, thread_name_prefix="hash") as helper,
    ):
        hashed = [
            helper.submit(hasher.update, data[offset : offset + _HASHED_CHUNK])
            for offset in range(0, len(data), _HASHED_CHUNK)
        ]
        for offset in range(0, len(data), _HASHED_CHUNK):
            part = data[offset : offset + _HASHED_CHUNK]
            done = 0
            while done < len(part):
                done += os.write(fd, part[done:])
        for update in hashed:
            update.result()
    return hasher.hexdigest()


def _touch(path: str | Path) -> bool:
    """Whether the object exists; if so its time is now, so that a garbage collection
    running meanwhile keeps it (it removes only objects last written before it began)."""
    try:
        os.utime(path)
    except FileNotFoundError:
        return False
    except OSError:  # a read-only store: it exists, and nothing collects it meanwhile
        return os.path.exists(path)  # noqa: PTH110
    return True


def _content_id(item: bytes | memoryview) -> str:
    with memoryview(item) as view, view.cast("B") as data:
        if len(data) >= LARGE_OBJECT:
            return xxhash.xxh3_128_hexdigest(data)
        return hashlib.sha256(data).hexdigest()
