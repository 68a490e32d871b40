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
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import InvalidInputError, NotFoundError, StoreReadOnlyError
from ._object_files import (
    LARGE_OBJECT,
    Syncs,
    content_id,
    unlink_all,
    write_all,
    write_hashed,
)

__all__ = ["LARGE_OBJECT", "TEMP_MAX_AGE", "ObjectStore"]

_OBJECT_ID = re.compile(r"^[0-9a-f]{32}(?:[0-9a-f]{32})?$")
#: A temp file older than this (seconds) belongs to a write that crashed.
TEMP_MAX_AGE = 3600


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
        import tempfile  # here: a process that only reads objects is spared its import

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
            checkpointed before): a large fresh item is hashed when it is
            written rather than up front (see `plan_many`).
        """
        self._check_writable()
        flags = list(fresh) if fresh is not None else [False] * len(items)
        unnamed = [
            flag and memoryview(item).nbytes >= LARGE_OBJECT
            for item, flag in zip(items, flags, strict=True)
        ]
        ids, todo = self.plan_many(items, unnamed=unnamed)
        return self.write_planned(items, ids, todo)

    def plan_many(
        self, items: Sequence[bytes | memoryview], *, unnamed: Sequence[bool] | None = None
    ) -> tuple[list[str | None], list[int]]:
        """Name objects by their content without writing them (see `write_planned`).

        Returns the ids, in order, and the indexes of the items not stored yet:
        what a caller can write later, off its own thread, each hashed once.
        ``items`` must not change until then.

        Parameters
        ----------
        unnamed
            Per item, to leave it unnamed (None) and listed to write, for
            `write_planned` to hash just before writing it: large data probably
            new, whose hashing the caller need not wait for. Should it be stored
            after all, it is not written.
        """
        flags = list(unnamed) if unnamed is not None else [False] * len(items)
        ids: list[str | None] = []
        todo: list[int] = []
        seen: set[str] = set()
        root = str(self.root)
        for index, (item, flag) in enumerate(zip(items, flags, strict=True)):
            if flag:
                ids.append(None)
                todo.append(index)
                continue
            object_id = content_id(item)
            ids.append(object_id)
            if object_id in self._known or object_id in seen:
                continue
            self._path(object_id)  # checks the id
            if _touch(f"{root}/{object_id[:2]}/{object_id[2:]}"):
                self._known.add(object_id)
                continue
            seen.add(object_id)
            todo.append(index)
        return ids, todo

    def write_planned(
        self, items: Sequence[bytes | memoryview], ids: Sequence[str | None], todo: Sequence[int]
    ) -> tuple[list[str], int]:
        """Write, sync and name what `plan_many` left to write; all ids, and the bytes new.

        An unnamed item is hashed as it is written, a piece at a time while the
        piece is still in the processor's cache: one pass over its memory instead
        of two. Should it turn out stored already, its copy is dropped unsynced.
        """
        full: list[str | None] = list(ids)
        pending: list[tuple[int, str | None]] = []
        seen: set[str] = set()
        for index in todo:
            object_id = ids[index]
            if object_id is not None:
                if object_id in seen:
                    continue
                seen.add(object_id)
            pending.append((index, object_id))
        new_bytes = self._write_objects(items, pending, full)
        return [
            object_id or content_id(items[index]) for index, object_id in enumerate(full)
        ], new_bytes

    def _write_objects(
        self,
        items: Sequence[bytes | memoryview],
        pending: list[tuple[int, str | None]],
        full: list[str | None],
    ) -> int:
        """Write, sync and name objects; fill in ``full`` the ids of those written unnamed.

        The largest are written first, and each file's sync starts once it is
        written, on a thread, so that the disk writes the large ones back while
        the small ones are copied (concurrent fsyncs also share journal commits);
        once all are synced, each is renamed into place. Returns the bytes of the
        new objects.
        """
        # Plain strings and os calls: for 1,000 small objects, pathlib's own cost
        # would be a third of the time.
        root = str(self.root)
        order = sorted(pending, key=lambda entry: -memoryview(items[entry[0]]).nbytes)
        written: list[tuple[str, str, int]] = []  # (temp file, object id, bytes)
        new_bytes = 0
        try:
            with Syncs(len(order)) as syncs:
                self._write_temps(items, order, full, syncs, written)
            for tmp_name, object_id, size in written:
                folder = f"{root}/{object_id[:2]}"
                target = f"{folder}/{object_id[2:]}"
                if object_id in self._known or os.path.exists(target):  # noqa: PTH110
                    os.unlink(tmp_name)  # noqa: PTH108 - stored before: this copy goes
                else:
                    if folder not in self._folders:
                        os.makedirs(folder, exist_ok=True)  # noqa: PTH103
                        self._folders.add(folder)
                    os.replace(tmp_name, target)  # noqa: PTH105
                    new_bytes += size
                self._known.add(object_id)
        except BaseException:
            unlink_all(tmp_name for tmp_name, _, _ in written)  # those not renamed yet
            raise
        return new_bytes

    def _write_temps(
        self,
        items: Sequence[bytes | memoryview],
        order: list[tuple[int, str | None]],
        full: list[str | None],
        syncs: Syncs,
        written: list[tuple[str, str, int]],
    ) -> None:
        """Write each item to a temporary file and start its sync; list it in ``written``.

        An item without an id is hashed as it is written; if it is stored already,
        its file goes before any sync, so its pages never reach the disk.
        """
        root, tmp, pid = str(self.root), str(self._tmp), os.getpid()
        ids: set[str] = set()
        tmp_name = ""
        try:
            for index, known_id in order:
                item = items[index]
                # A name unique to this process and write, cheaper than mkstemp's search.
                tmp_name = f"{tmp}/{known_id or 'unnamed'}.{pid}.{next(_TMP_NUMBERS)}"
                fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                try:
                    if known_id is None:
                        object_id = write_hashed(fd, item, syncs)
                    else:
                        object_id = known_id
                        write_all(fd, item, syncs)
                finally:
                    os.close(fd)
                full[index] = object_id
                if known_id is None and object_id in ids:
                    os.unlink(tmp_name)  # noqa: PTH108 - a copy of one written just before
                    continue
                if known_id is None and (
                    object_id in self._known
                    or os.path.exists(f"{root}/{object_id[:2]}/{object_id[2:]}")  # noqa: PTH110
                ):
                    os.unlink(tmp_name)  # noqa: PTH108 - stored before: dropped unsynced
                    self._known.add(object_id)
                    continue
                written.append((tmp_name, object_id, memoryview(item).nbytes))
                ids.add(object_id)
                syncs.start(tmp_name)
        except BaseException:
            unlink_all([tmp_name])  # the one being written; the caller removes the others
            raise

    def read_buffer(self, object_id: str) -> bytearray | mmap.mmap:
        """Read an object into a new writable buffer (what a restored array keeps).

        A large object goes into private anonymous memory (`_anonymous_memory`):
        a ``bytearray`` would first zero it in a pass of its own.
        """
        path = self._path(object_id)
        try:
            with path.open("rb", buffering=0) as source:
                size = os.fstat(source.fileno()).st_size
                data: bytearray | mmap.mmap = (
                    _anonymous_memory(size) if size >= LARGE_OBJECT else bytearray(size)
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


if sys.platform == "win32":

    def _anonymous_memory(size: int) -> mmap.mmap:
        """``size`` bytes of memory of the process's own, not backed by any file."""
        return mmap.mmap(-1, size)

else:
    # Private: a forked child's writes stay its own, as with any array (the default,
    # shared, would hand them to the parent).
    _HUGE_PAGES = getattr(mmap, "MADV_HUGEPAGE", None)

    def _anonymous_memory(size: int) -> mmap.mmap:
        """``size`` bytes of memory of the process's own, not backed by any file.

        In huge pages where the system has them (Linux's transparent huge pages,
        on request by default; NumPy asks the same for its own large arrays): a
        read filling the memory faults it in 2 MB at a time instead of 4 kB,
        which for half a gigabyte takes 110 ms instead of 200 to 240 (into a
        ``bytearray``, zeroed first, 285).
        """
        memory = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE)
        if _HUGE_PAGES is not None:
            with contextlib.suppress(OSError):  # a kernel without them: 4 kB pages
                memory.madvise(_HUGE_PAGES)
        return memory


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


_TMP_NUMBERS = itertools.count()
