"""Content-addressed objects: stored once, whole, under the hash of their bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mlops_lab.core import InvalidInputError, NotFoundError, ObjectStore


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
