"""The profiles of the tables a run read, computed once and kept as artifacts of the run.

A table is a CSV or Parquet file among the run's recorded reads. Its profile is
computed from the file on disk only while the file's fingerprint still matches
the one recorded (else it would describe other data), then stored with the run
as the artifact ``mlops-lab/profiles/PATH.json``, so later calls read it back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..capture.fingerprints import fingerprint_file
from ..errors import InvalidInputError, MlopsLabError
from ..frozen import frozen
from ..records import FileAccess, FileMode
from ..store.store import Store
from .dependencies import require
from .profile import TableProfile, profile_frame, profile_from_json, profile_to_json

__all__ = [
    "PROFILE_ARTIFACT_PREFIX",
    "RunProfile",
    "is_table",
    "profile_run",
    "read_table",
]

PROFILE_ARTIFACT_PREFIX = "mlops-lab/profiles/"
_CSV = (".csv", ".csv.gz", ".tsv")
_PARQUET = (".parquet", ".pq")


@frozen
class RunProfile:
    """A table the run read, with its profile, or why there is none (``problem``)."""

    file: FileAccess
    profile: TableProfile | None
    problem: str | None = None
    computed: bool = False


def is_table(path: str) -> bool:
    return path.lower().endswith(_CSV + _PARQUET)


def read_table(path: Path) -> Any:
    """A CSV or Parquet file as a pandas DataFrame; a one-line error when it cannot be read."""
    pd = require("pandas", "Reading a table")
    name = path.name.lower()
    try:
        if name.endswith(_PARQUET):
            return pd.read_parquet(path)
        if name.endswith(_CSV):
            return pd.read_csv(path, sep="\t" if name.endswith(".tsv") else ",")
    except FileNotFoundError:
        raise InvalidInputError(f"No file {path}; give a CSV or Parquet file.") from None
    except (ValueError, OSError, ImportError) as error:
        raise InvalidInputError(f"Cannot read {path} as a table: {error}") from None
    raise InvalidInputError(f"{path} is not a table: give a .csv, .tsv or .parquet file.")


def profile_run(store: Store, run_id: str, *, compute: bool = True) -> tuple[RunProfile, ...]:
    """The profile of every table ``run_id`` read; computed and stored when missing.

    Parameters
    ----------
    store
        The store of the run; paths are relative to its project folder.
    run_id
        The run (or a unique prefix of its id).
    compute
        Compute the missing profiles; False only reads the stored ones.
    """
    detail = store.get_run_detail(run_id)
    stored = {a.name: a for a in detail.artifacts}
    found = []
    for access in _table_reads(detail.files):
        artifact = stored.get(PROFILE_ARTIFACT_PREFIX + access.path + ".json")
        if artifact is not None:
            profile = profile_from_json(json.loads(store.objects.get_text(artifact.object_id)))
            if profile.fingerprint == access.fingerprint:
                found.append(RunProfile(access, profile))
                continue
        if not compute:
            found.append(RunProfile(access, None, f"{access.path} has no stored profile"))
            continue
        found.append(_compute(store, detail.run.id, access))
    return tuple(found)


def _table_reads(files: Sequence[FileAccess]) -> list[FileAccess]:
    return [f for f in files if f.mode is FileMode.READ and is_table(f.path)]


def _compute(store: Store, run_id: str, access: FileAccess) -> RunProfile:
    path = Path(access.path)
    path = path if path.is_absolute() else store.path.parent / path
    try:
        current = fingerprint_file(path.resolve())
    except MlopsLabError:
        return RunProfile(access, None, f"{access.path} is gone; its profile cannot be made now")
    if access.fingerprint is not None and current.fingerprint != access.fingerprint:
        return RunProfile(
            access,
            None,
            f"{access.path} changed since the run read it; its profile cannot be made now",
        )
    profile = profile_frame(read_table(path), source=access.path, fingerprint=current.fingerprint)
    text = json.dumps(profile_to_json(profile), separators=(",", ":"))
    store.log_artifact_object(
        run_id, PROFILE_ARTIFACT_PREFIX + access.path + ".json", store.objects.put_text(text)
    )
    return RunProfile(access, profile, computed=True)
