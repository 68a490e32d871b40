"""Content-addressed objects: stored once, whole, under the hash of their bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mlops_lab.core import InvalidInputError, NotFoundError, ObjectStore
from mlops_lab.core.store.objects import LARGE_OBJECT


@pytest.fixture
def objects(tmp_path: Path) -> ObjectStore:
    store = ObjectStore(tmp_path / "objects")
    store.ensure()
    return store


def test_an_object_is_named_by_its_content_and_stored_once(objects: ObjectStore) -> None:
    first = objects.put(b"hello")
    again = objects.put(b"hello")
    assert first == again == hashlib.sha256(b"hello").hexdigest()
    assert objects.get(first) == b"hello"
    assert first in objects
    files = [p for p in objects.root.rglob("*") if p.is_file()]
    assert files == [objects.root / first[:2] / first[2:]]  # and no temp file left behind


def test_missing_and_malformed_ids_are_clear_errors(objects: ObjectStore) -> None:
    with pytest.raises(NotFoundError, match="missing"):
        objects.get("0" * 64)
    with pytest.raises(InvalidInputError, match="not an object id"):
        objects.get("../../etc/passwd")


def test_many_objects_are_stored_once_each(objects: ObjectStore) -> None:
    large = bytearray(range(256)) * (LARGE_OBJECT // 256)
    ids, written = objects.put_many([b"small", memoryview(large), b"small"])
    assert len(ids[0]) == 64
    assert len(ids[1]) == 32
    assert ids[0] == ids[2] == objects.put(b"small")
    assert written == len(b"small") + len(large)
    assert bytes(objects.read_buffer(ids[1])) == large
    assert objects.put_many([large]) == ([ids[1]], 0)
    # Hashed while written, in one pass: the same name; a copy of a stored one is dropped.
    other = bytearray(b"x") * LARGE_OBJECT
    assert objects.put_many([other], fresh=[True]) == (objects.put_many([other])[0], len(other))
    assert objects.put_many([large, other], fresh=[True, True]) == ([ids[1], ids_of(other)], 0)
    assert list((objects.root / "tmp").iterdir()) == []


def ids_of(data: bytes | bytearray) -> str:
    import xxhash

    return xxhash.xxh3_128_hexdigest(bytes(data))


def test_fresh_large_items_are_named_as_they_are_written(objects: ObjectStore) -> None:
    # Not a whole number of the pieces hashed on the way.
    odd = bytes(range(251)) * ((3 * LARGE_OBJECT) // 251 + 7)
    ids, written = objects.put_many([odd, bytearray(odd), b"tail"], fresh=[True, True, True])
    assert ids[0] == ids[1] == ids_of(odd)  # two copies in one batch: one file
    assert written == len(odd) + len(b"tail")
    assert bytes(objects.read_buffer(ids[0])) == odd
    # Another handle on the same folder knows nothing in memory: it finds the file.
    again = ObjectStore(objects.root)
    assert again.put_many([odd], fresh=[True]) == ([ids[0]], 0)
    stored = [p for p in objects.root.rglob("*") if p.is_file()]
    assert len(stored) == 2
    assert list((objects.root / "tmp").iterdir()) == []


def test_large_files_are_handed_to_the_disk_as_they_are_written(
    objects: ObjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written back in stretches (fdatasync on a thread) while the rest is copied;
    # smaller stretches here so that a few megabytes take that path.
    from mlops_lab.core.store import _object_files

    monkeypatch.setattr(_object_files, "_EARLY_SYNC", LARGE_OBJECT)
    first = bytes(range(256)) * (5 * LARGE_OBJECT // 256 + 3)
    second = bytes(reversed(first))
    ids, written = objects.put_many([first, second], fresh=[True, False])
    assert ids == [ids_of(first), ids_of(second)]
    assert written == len(first) + len(second)
    assert bytes(objects.read_buffer(ids[0])) == first
    assert bytes(objects.read_buffer(ids[1])) == second
    assert list((objects.root / "tmp").iterdir()) == []
