"""Where a run ran, as the record keeps it: git state, host and environment lock.

Every kind of run (a kernel's, ``mlops-lab track``, a pipeline run, a
reproduction) assembles its context here, through `Recorder.capture_context`.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Mapping
from pathlib import Path

import xxhash

from ..frozen import frozen
from ..records import JsonValue
from ..store.confined import write_confined
from .environment import environment_key, environment_lock
from .git_state import git_state
from .host import host_info

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

__all__ = ["EnvironmentRecord", "environment_record", "git_document", "host_document"]


@frozen
class EnvironmentRecord:
    """The environment lock as a run records it, and its digest (for step cache keys).

    ``key`` is `environment_key` when the lock was taken: a cheap check of
    whether installed packages changed since.
    """

    digest: str
    document: dict[str, Any]
    requirements: str
    key: str = ""


def environment_record(remember_in: Path | None = None) -> EnvironmentRecord:
    """The environment lock now; with ``remember_in``, computed again only when packages change.

    The lock takes a few hundred milliseconds in a fresh process: a pipeline run
    remembers it in the store under `environment_key`, which costs one stat per
    import path entry.
    """
    key = environment_key()
    remembered = None if remember_in is None else remember_in / f"environment-{key}.json"
    if remembered is not None:
        try:
            data = json.loads(remembered.read_text(encoding="utf-8"))
            return EnvironmentRecord(data["digest"], data["document"], data["requirements"], key)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    lock = environment_lock()
    requirements = lock.to_requirements()
    record = EnvironmentRecord(
        digest=xxhash.xxh3_128_hexdigest(requirements.encode()),
        document=_jsonable(dataclasses.asdict(lock)),
        requirements=requirements,
        key=key,
    )
    if remembered is not None:
        write_atomically(remembered, json.dumps(dataclasses.asdict(record)))
    return record


def git_document(cwd: Path) -> dict[str, JsonValue] | None:
    """The git state of the repository holding ``cwd`` (None outside one), as JSON."""
    git = git_state(cwd)
    return None if git is None else _jsonable(dataclasses.asdict(git))


def host_document() -> dict[str, JsonValue]:
    """The machine and the Python version, as JSON."""
    document: dict[str, JsonValue] = _jsonable(
        # platform.python_version() reads it from sys.version too, after a 10 ms import.
        {**dataclasses.asdict(host_info()), "python": sys.version.split(maxsplit=1)[0]}
    )
    return document


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file renamed into place: readers never see half a file."""
    write_confined(path.parent, path.name, text)


def _jsonable(value: Any) -> Any:
    """Dataclass fields as JSON: tuples become lists, mappings plain dicts."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
