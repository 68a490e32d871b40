"""The step cache: a step whose code, shared code, parameters, inputs and environment
are unchanged, and whose files are as it left them, is not run again; what it
recorded (outputs, every metric value, params, tags, artifacts, files) is used instead.

Entries live in the store, ``<store>/pipeline-cache/<key[:2]>/<key>.json``, each
written to a temporary file and renamed into place, so concurrent runs and a
crash never leave half an entry. The outputs themselves are objects of the
store (content-addressed), shared with the runs that recorded them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import field
from datetime import datetime
from pathlib import Path

import xxhash

from ..capture.fingerprints import fingerprint_file
from ..capture.recorder import LoggedMetric
from ..capture.run_context import write_atomically
from ..errors import MlopsLabError
from ..frozen import frozen
from ..records import FileAccess, FileMode, JsonValue
from ..store.objects import ObjectStore

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

    from ..capture.cache_protocol import StatCache

__all__ = [
    "CACHE_DIRNAME",
    "CacheEntry",
    "CachedOutput",
    "StepCache",
    "step_cache_key",
]

CACHE_DIRNAME = "pipeline-cache"
# Bumped when what a key covers, or how outputs are encoded, changes.
_KEY_VERSION = 2


@frozen
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


@frozen
class CacheEntry:
    """What a step produced, reusable by a run with the same key.

    ``files`` are the files the step read and wrote, with the fingerprints it
    left them with: the entry is used only while each still has its fingerprint.
    """

    key: str
    step: str
    outputs: Mapping[str, CachedOutput] = field(default_factory=dict)
    metrics: Mapping[str, float] = field(default_factory=dict)
    metric_points: tuple[LoggedMetric, ...] = ()
    params: Mapping[str, JsonValue] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    artifacts: Mapping[str, str] = field(default_factory=dict)  # name -> object id
    files: tuple[FileAccess, ...] = ()
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


class StepCache:
    """The cache entries of one store."""

    def __init__(
        self, store_path: Path, objects: ObjectStore, stat_cache: StatCache | None = None
    ) -> None:
        self.root = store_path / CACHE_DIRNAME
        self._project_root = store_path.parent
        self._objects = objects
        self._stat_cache = stat_cache

    def get(self, key: str) -> CacheEntry | None:
        """The entry for ``key``, if its objects are all still there and its files unchanged."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            entry = _entry_from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        objects = [o.object_id for o in entry.outputs.values()] + list(entry.artifacts.values())
        if not all(object_id in self._objects for object_id in objects):
            return None
        if not all(self._unchanged(file) for file in entry.files):
            return None
        return entry

    def put(self, entry: CacheEntry) -> None:
        write_atomically(self._path(entry.key), json.dumps(_entry_to_json(entry), indent=1))

    def _unchanged(self, file: FileAccess) -> bool:
        """Whether ``file`` still has the fingerprint the step left it with."""
        if file.fingerprint is None:
            return True  # it could not be read then: nothing to compare
        try:
            now = fingerprint_file(self._project_root / file.path, self._stat_cache)
        except (MlopsLabError, OSError):
            return False  # deleted, or unreadable now: the step must run again
        return now.fingerprint == file.fingerprint

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"


def _entry_to_json(entry: CacheEntry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "step": entry.step,
        "seconds": entry.seconds,
        "metrics": dict(entry.metrics),
        "metric_points": [
            [p.key, p.value, p.step, p.logged_at.isoformat()] for p in entry.metric_points
        ],
        "params": dict(entry.params),
        "tags": dict(entry.tags),
        "artifacts": dict(entry.artifacts),
        "files": [[f.path, f.mode.value, f.size, f.fingerprint] for f in entry.files],
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
        metric_points=tuple(
            LoggedMetric(str(key), float(value), step, datetime.fromisoformat(at))
            for key, value, step, at in data.get("metric_points", [])
        ),
        params=dict(data.get("params", {})),
        tags={str(k): str(v) for k, v in data.get("tags", {}).items()},
        artifacts={str(k): str(v) for k, v in data.get("artifacts", {}).items()},
        files=tuple(
            FileAccess(str(path), FileMode(mode), size, fingerprint)
            for path, mode, size, fingerprint in data.get("files", [])
        ),
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
