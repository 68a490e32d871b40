"""Content-addressed blobs: the name of an object is the SHA-256 of its bytes.

An object is written to a temporary file in the same folder tree and renamed
into place, so a reader or a crash never sees half an object, and two writers
of the same content both succeed with one copy.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from .errors import InvalidInputError, NotFoundError

__all__ = ["ObjectStore"]

_OBJECT_ID = re.compile(r"^[0-9a-f]{64}$")


class ObjectStore:
    """The ``objects/`` folder of a store."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._tmp = root / "tmp"
        # Objects are immutable once written: one known to exist is never checked again
        # (a cell run a hundred times writes its code once and stats it once).
        self._known: set[str] = set()

    def ensure(self) -> None:
        self._tmp.mkdir(parents=True, exist_ok=True)

    def put(self, data: bytes) -> str:
        """Store ``data`` once and return its object id."""
        object_id = hashlib.sha256(data).hexdigest()
        if object_id in self._known:
            return object_id
        target = self._path(object_id)
        if target.exists():
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
