"""Removing what nothing needs: objects no record references, temp files a crash left.

References are found conservatively: every object id (32 or 64 hex digits) in
any text of the database, in any JSON file beside it (the step cache's entries),
and, transitively, in any referenced object small enough to be a document (a
model's lineage names the code objects it keeps). An object is removed only if
none of these names it and it was last written before the collection started, so an object a
concurrent writer just wrote (or found already stored, see `ObjectStore.put`)
is never removed from under it. The database is read in one snapshot, without
keeping writers waiting.
"""

from __future__ import annotations

import contextlib
import os
import re
import time

from ..errors import StoreReadOnlyError
from ..frozen import frozen
from .objects import TEMP_MAX_AGE
from .store import Store

__all__ = ["GarbageReport", "collect_garbage", "remove_stale_temp_files"]

_OBJECT_ID = re.compile(rb"(?<![0-9a-f])(?:[0-9a-f]{64}|[0-9a-f]{32})(?![0-9a-f])")
# Objects larger than this are data (pickles, buffers, artifacts), not documents naming others.
_DOCUMENT_MAX = 1 << 20


@frozen
class GarbageReport:
    """What a collection removed (or would remove, on a dry run)."""

    objects: int
    object_bytes: int
    temp_files: int
    temp_bytes: int
    kept: int
    dry_run: bool


def collect_garbage(store: Store, *, dry_run: bool = False) -> GarbageReport:
    """Remove objects no run, checkpoint, model version or cache entry references.

    Parameters
    ----------
    store
        The open store.
    dry_run
        Count what would go, remove nothing.
    """
    if not dry_run and store.read_only is not None:
        raise StoreReadOnlyError(store.read_only)
    started = time.time()
    referenced = _referenced(store)
    removed = removed_bytes = kept = 0
    root = store.objects.root
    for folder in sorted(root.glob("[0-9a-f][0-9a-f]")):
        for path in folder.iterdir():
            object_id = folder.name + path.name
            try:
                info = path.stat()
            except FileNotFoundError:
                continue
            if object_id in referenced or info.st_mtime >= started:
                kept += 1
                continue
            if not dry_run:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            removed += 1
            removed_bytes += info.st_size
    temps, temp_bytes = remove_stale_temp_files(store, dry_run=dry_run, before=started)
    return GarbageReport(removed, removed_bytes, temps, temp_bytes, kept, dry_run)


def remove_stale_temp_files(
    store: Store, *, dry_run: bool = False, before: float | None = None
) -> tuple[int, int]:
    """Remove temp files of writes that crashed (older than `TEMP_MAX_AGE`, or than ``before``).

    Returns the number of files and their bytes.
    """
    limit = min(before or time.time(), time.time()) - TEMP_MAX_AGE
    count = size = 0
    tmp = store.objects.root / "tmp"
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(tmp):
            with contextlib.suppress(FileNotFoundError):
                info = entry.stat(follow_symlinks=False)
                if info.st_mtime < limit:
                    if not dry_run:
                        os.unlink(entry.path)  # noqa: PTH108
                    count += 1
                    size += info.st_size
    return count, size


def _referenced(store: Store) -> set[str]:
    """Every object id the record names, directly or through a referenced document."""
    found: set[bytes] = set()
    for text in store.all_text():
        found.update(_OBJECT_ID.findall(text.encode("utf-8", "surrogatepass")))
    # JSON files beside the database: the step cache's entries name their outputs.
    for entry in store.path.rglob("*.json"):
        if store.objects.root in entry.parents:
            continue
        with contextlib.suppress(OSError):
            found.update(_OBJECT_ID.findall(entry.read_bytes()))
    pending = list(found)
    while pending:
        object_id = pending.pop().decode()
        path = store.objects.root / object_id[:2] / object_id[2:]
        try:
            if path.stat().st_size > _DOCUMENT_MAX:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        for named in _OBJECT_ID.findall(data):
            if named not in found:
                found.add(named)
                pending.append(named)
    return {object_id.decode() for object_id in found}
