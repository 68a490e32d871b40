"""The step cache: a step whose code, shared code, parameters, inputs and environment
are unchanged is not run again; its recorded outputs and metrics are used instead.

Entries live in the store, ``<store>/pipeline-cache/<key[:2]>/<key>.json``, each
written to a temporary file and renamed into place, so concurrent runs and a
crash never leave half an entry. The outputs themselves are objects of the
store (content-addressed), shared with the runs that recorded them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xxhash

from ..capture.environment import environment_key, environment_lock
from ..records import JsonValue
from ..store.objects import ObjectStore

__all__ = [
    "CACHE_DIRNAME",
    "CacheEntry",
    "CachedOutput",
    "EnvironmentRecord",
    "StepCache",
    "environment_record",
    "step_cache_key",
]

CACHE_DIRNAME = "pipeline-cache"
# Bumped when what a key covers, or how outputs are encoded, changes.
_KEY_VERSION = 1


@dataclass(frozen=True)
class CachedOutput:
    """One output of a step: where its bytes are and what they hold."""

    object_id: str
    format: str
    fingerprint: str
    size: int
    type: str | None = None
    shape: tuple[int, ...] | None = None
    dtype: str | None = None
    repr: str | None = None


@dataclass(frozen=True)
class CacheEntry:
    """What a step produced, reusable by a run with the same key."""

    key: str
    step: str
    outputs: Mapping[str, CachedOutput] = field(default_factory=dict)
    metrics: Mapping[str, float] = field(default_factory=dict)
    artifacts: Mapping[str, str] = field(default_factory=dict)  # name -> object id
    seconds: float = 0.0


def step_cache_key(
    *,
    code: str,
    shared: str,
    parameters: Mapping[str, JsonValue],
    inputs: Mapping[str, str],
    environment: str,
) -> str:
    """The key of one step's run: 32 hex digits that change when anything it depends on does.

    Parameters
    ----------
    code, shared
        The step module's text and the shared code's.
    parameters
        The values of the parameters the step reads.
    inputs
        The fingerprint of each input value.
    environment
        `EnvironmentRecord.digest` of the interpreter and packages.
    """
    document = json.dumps(
        {
            "version": _KEY_VERSION,
            "code": code,
            "shared": shared,
            "parameters": dict(sorted(parameters.items())),
            "inputs": dict(sorted(inputs.items())),
            "environment": environment,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return xxhash.xxh3_128_hexdigest(document.encode())


@dataclass(frozen=True)
class EnvironmentRecord:
    """The environment lock as the run records it, and its digest for cache keys."""

    digest: str
    document: dict[str, Any]
    requirements: str


def environment_record(cache_root: Path) -> EnvironmentRecord:
    """The environment lock, computed again only when packages change.

    The lock takes a few hundred milliseconds in a fresh process: it is remembered
    under `environment_key`, which costs one stat per import path entry.
    """
    key = environment_key()
    remembered = cache_root / f"environment-{key}.json"
    try:
        data = json.loads(remembered.read_text(encoding="utf-8"))
        return EnvironmentRecord(data["digest"], data["document"], data["requirements"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    lock = environment_lock()
    requirements = lock.to_requirements()
    record = EnvironmentRecord(
        digest=xxhash.xxh3_128_hexdigest(requirements.encode()),
        document=json.loads(json.dumps(dataclasses.asdict(lock))),
        requirements=requirements,
    )
    _write_atomically(remembered, json.dumps(dataclasses.asdict(record)))
    return record


class StepCache:
    """The cache entries of one store."""

    def __init__(self, store_path: Path, objects: ObjectStore) -> None:
        self.root = store_path / CACHE_DIRNAME
        self._objects = objects

    def get(self, key: str) -> CacheEntry | None:
        """The entry for ``key``, if there is one whose objects are all still there."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            entry = _entry_from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        objects = [o.object_id for o in entry.outputs.values()] + list(entry.artifacts.values())
        if not all(object_id in self._objects for object_id in objects):
            return None
        return entry

    def put(self, entry: CacheEntry) -> None:
        _write_atomically(self._path(entry.key), json.dumps(_entry_to_json(entry), indent=1))

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _entry_to_json(entry: CacheEntry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "step": entry.step,
        "seconds": entry.seconds,
        "metrics": dict(entry.metrics),
        "artifacts": dict(entry.artifacts),
        "outputs": {
            name: {
                "object": o.object_id,
                "format": o.format,
                "fingerprint": o.fingerprint,
                "size": o.size,
                "type": o.type,
                "shape": list(o.shape) if o.shape is not None else None,
                "dtype": o.dtype,
                "repr": o.repr,
            }
            for name, o in entry.outputs.items()
        },
    }


def _entry_from_json(data: Mapping[str, Any]) -> CacheEntry:
    return CacheEntry(
        key=str(data["key"]),
        step=str(data["step"]),
        seconds=float(data.get("seconds", 0.0)),
        metrics={str(k): float(v) for k, v in data.get("metrics", {}).items()},
        artifacts={str(k): str(v) for k, v in data.get("artifacts", {}).items()},
        outputs={
            str(name): CachedOutput(
                object_id=o["object"],
                format=o["format"],
                fingerprint=o["fingerprint"],
                size=int(o["size"]),
                type=o.get("type"),
                shape=tuple(o["shape"]) if o.get("shape") is not None else None,
                dtype=o.get("dtype"),
                repr=o.get("repr"),
            )
            for name, o in data.get("outputs", {}).items()
        },
    )
