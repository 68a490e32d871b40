"""The embedded registry: models, versions and aliases in the store's own database.

The artifact is an object of the store (written before the transaction, so a
failed push leaves at most an unreferenced object, never a half version), and
the version number is taken inside the write transaction that inserts it: two
pushes of one model at once get two consecutive numbers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..capture.redaction import redact
from ..errors import InvalidInputError, NotFoundError
from ..store.confined import write_confined
from ..store.store import Store
from ..timestamps import from_epoch, to_epoch
from .base import Registry
from .model_serialization import load_artifact, loads
from .names import VersionRef, check_alias, check_model_name, checked_tags
from .registry_json import (
    lineage_from_json,
    lineage_to_json,
    model_info_from_json,
    model_info_to_json,
)
from .version_records import (
    Lineage,
    ModelFile,
    ModelFormat,
    ModelPackage,
    ModelVersion,
    RegisteredModel,
)

__all__ = ["LocalRegistry"]

_VERSION_COLUMNS = (
    "model, version, created_at, run_id, description, tags, filename, format, size,"
    " artifact_object, model_info"
)


class LocalRegistry(Registry):
    """The registry embedded in a store (``--registry local``, the default)."""

    name = "local"

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db = store.database

    @classmethod
    def open(cls, location: str | None, store: Store) -> LocalRegistry:
        if location is not None:
            raise InvalidInputError(
                f"The local registry lives in the store; 'local:{location}' names a place. "
                "Choose the store with --store instead."
            )
        return cls(store)

    # -- writing -------------------------------------------------------------------

    def push(
        self,
        package: ModelPackage,
        *,
        name: str,
        lineage: Lineage,
        alias: str | None = None,
        description: str = "",
        tags: Mapping[str, str] | None = None,
    ) -> ModelVersion:
        check_model_name(name)
        if alias is not None:
            check_alias(alias)
        clean_tags = checked_tags(tags)
        info_text = json.dumps(model_info_to_json(package.info), sort_keys=True)
        lineage_text = json.dumps(
            lineage_to_json(lineage, with_code=False, with_requirements=False), sort_keys=True
        )
        artifact_object = self._store.objects.put(package.data)
        now = to_epoch(None)
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO registered_models (name, created_at, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at",
                (name, now, now),
            )
            (number,) = conn.execute(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE model = ?",
                (name,),
            ).fetchone()
            conn.execute(
                "INSERT INTO model_versions (model, version, created_at, run_id, description,"
                " tags, filename, format, size, artifact_object, model_info, lineage)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    number,
                    now,
                    lineage.run_id or None,
                    redact(description),
                    json.dumps(clean_tags, sort_keys=True),
                    package.filename,
                    package.format.value,
                    len(package.data),
                    artifact_object,
                    info_text,
                    lineage_text,
                ),
            )
            if alias is not None:
                _point_alias(conn, name, int(number), alias)
        return self.get_version(VersionRef(name, version=int(number)))

    def set_alias(self, name: str, version: int, alias: str) -> ModelVersion:
        check_model_name(name)
        check_alias(alias)
        with self._db.write() as conn:
            _require_version(conn, name, version)
            _point_alias(conn, name, version, alias)
            conn.execute(
                "UPDATE registered_models SET updated_at = ? WHERE name = ?",
                (to_epoch(None), name),
            )
        return self.get_version(VersionRef(name, version=version))

    def set_version_tags(self, name: str, version: int, tags: Mapping[str, str]) -> ModelVersion:
        check_model_name(name)
        clean = checked_tags(tags)
        with self._db.write() as conn:
            _require_version(conn, name, version)
            (current,) = conn.execute(
                "SELECT tags FROM model_versions WHERE model = ? AND version = ?", (name, version)
            ).fetchone()
            merged = {**json.loads(current), **clean}
            conn.execute(
                "UPDATE model_versions SET tags = ? WHERE model = ? AND version = ?",
                (json.dumps(merged, sort_keys=True), name, version),
            )
        return self.get_version(VersionRef(name, version=version))

    # -- reading -------------------------------------------------------------------

    def list_models(self) -> tuple[RegisteredModel, ...]:
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT m.name, m.description, m.tags, m.created_at, m.updated_at,"
                " MAX(v.version), COUNT(v.version) FROM registered_models m"
                " LEFT JOIN model_versions v ON v.model = m.name GROUP BY m.name ORDER BY m.name"
            ).fetchall()
            aliases = _aliases_by_model(conn, None)
        return tuple(self._model(row, aliases.get(row[0], {})) for row in rows)

    def get_model(self, name: str) -> RegisteredModel:
        check_model_name(name)
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT m.name, m.description, m.tags, m.created_at, m.updated_at,"
                " MAX(v.version), COUNT(v.version) FROM registered_models m"
                " LEFT JOIN model_versions v ON v.model = m.name WHERE m.name = ?"
                " GROUP BY m.name",
                (name,),
            ).fetchone()
            if row is None:
                raise _unknown_model(conn, name)
            aliases = _aliases_by_model(conn, name)
        return self._model(row, aliases.get(name, {}))

    def list_versions(self, name: str) -> tuple[ModelVersion, ...]:
        check_model_name(name)
        with self._db.read() as conn:
            if conn.execute("SELECT 1 FROM registered_models WHERE name = ?", (name,)).fetchone():
                rows = conn.execute(
                    f"SELECT {_VERSION_COLUMNS} FROM model_versions WHERE model = ?"
                    " ORDER BY version DESC",
                    (name,),
                ).fetchall()
                aliases = _aliases_by_version(conn, name)
            else:
                raise _unknown_model(conn, name)
        return tuple(self._version(row, aliases.get(int(row[1]), ()), None) for row in rows)

    def get_version(self, ref: VersionRef) -> ModelVersion:
        check_model_name(ref.name)
        with self._db.read() as conn:
            number = _resolve(conn, ref)
            row = conn.execute(
                f"SELECT {_VERSION_COLUMNS}, lineage FROM model_versions"
                " WHERE model = ? AND version = ?",
                (ref.name, number),
            ).fetchone()
            aliases = _aliases_by_version(conn, ref.name).get(number, ())
        read = _text_or_empty(self._store.objects.get_text)
        lineage = lineage_from_json(
            json.loads(row[-1]), code_of=read, requirements_of=lambda o: read(o) or None
        )
        return self._version(row[:-1], aliases, lineage)

    def fetch(self, version: ModelVersion, folder: Path) -> Path:
        if version.file.object_id is None:
            raise NotFoundError(f"Version {version.name}/{version.version} has no stored file.")
        data = self._store.objects.get(version.file.object_id)
        return write_confined(folder, Path(version.file.filename).name, data)

    def load(self, ref: VersionRef, *, folder: Path | None = None) -> object:
        version = self.get_version(ref)
        if version.file.format.is_pickle:  # straight from the object, no copy on disk
            return loads(self.artifact_bytes(version), f"{version.name}/{version.version}")
        return load_artifact(self, version, folder)

    def artifact_bytes(self, version: ModelVersion) -> bytes:
        """The artifact as stored, without a copy on disk."""
        if version.file.object_id is None:
            raise NotFoundError(f"Version {version.name}/{version.version} has no stored file.")
        return self._store.objects.get(version.file.object_id)

    # -- rows to records ------------------------------------------------------------

    def _model(self, row: Any, aliases: Mapping[str, int]) -> RegisteredModel:
        name, description, tags, created, updated, latest, count = row
        return RegisteredModel(
            registry=self.name,
            name=name,
            description=description,
            tags=json.loads(tags),
            created_at=from_epoch(created),
            updated_at=from_epoch(updated),
            latest_version=None if latest is None else int(latest),
            version_count=int(count),
            aliases=dict(aliases),
        )

    def _version(self, row: Any, aliases: tuple[str, ...], lineage: Lineage | None) -> ModelVersion:
        (name, number, created, run_id, description, tags, filename, fmt, size, obj, info) = row
        return ModelVersion(
            registry=self.name,
            name=name,
            version=int(number),
            created_at=from_epoch(created),
            run_id=run_id,
            description=description,
            tags=json.loads(tags),
            aliases=aliases,
            file=ModelFile(filename, ModelFormat(fmt), int(size), object_id=obj),
            model=model_info_from_json(json.loads(info)),
            lineage=lineage,
        )


def _point_alias(conn: sqlite3.Connection, name: str, version: int, alias: str) -> None:
    conn.execute(
        "INSERT INTO model_aliases (model, alias, version) VALUES (?, ?, ?)"
        " ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version",
        (name, alias, version),
    )


def _require_version(conn: sqlite3.Connection, name: str, version: int) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidInputError(f"A version is a number from 1, not {version!r}.")
    found = conn.execute(
        "SELECT 1 FROM model_versions WHERE model = ? AND version = ?", (name, version)
    ).fetchone()
    if found is None:
        raise _unknown_version(conn, name, f"version {version}")


def _resolve(conn: sqlite3.Connection, ref: VersionRef) -> int:
    """The version number a reference names, in the caller's transaction."""
    if ref.version is not None:
        _require_version(conn, ref.name, ref.version)
        return ref.version
    if ref.alias is not None:
        row = conn.execute(
            "SELECT version FROM model_aliases WHERE model = ? AND alias = ?",
            (ref.name, ref.alias),
        ).fetchone()
        if row is None:
            raise _unknown_version(conn, ref.name, f"alias {ref.alias!r}")
        return int(row[0])
    (latest,) = conn.execute(
        "SELECT MAX(version) FROM model_versions WHERE model = ?", (ref.name,)
    ).fetchone()
    if latest is None:
        raise _unknown_model(conn, ref.name)
    return int(latest)


def _aliases_by_model(conn: sqlite3.Connection, name: str | None) -> dict[str, dict[str, int]]:
    where, args = (" WHERE model = ?", (name,)) if name is not None else ("", ())
    found: dict[str, dict[str, int]] = {}
    for model, alias, version in conn.execute(
        f"SELECT model, alias, version FROM model_aliases{where} ORDER BY alias", args
    ):
        found.setdefault(model, {})[alias] = int(version)
    return found


def _aliases_by_version(conn: sqlite3.Connection, name: str) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for alias, version in conn.execute(
        "SELECT alias, version FROM model_aliases WHERE model = ? ORDER BY alias", (name,)
    ):
        found.setdefault(int(version), []).append(alias)
    return {version: tuple(names) for version, names in found.items()}


def _unknown_model(conn: sqlite3.Connection, name: str) -> NotFoundError:
    names = [row[0] for row in conn.execute("SELECT name FROM registered_models ORDER BY name")]
    known = ", ".join(names[:10]) + (" ..." if len(names) > 10 else "")
    hint = f"the models: {known}" if names else "the registry has no models yet"
    return NotFoundError(f"No model named {name!r} in the local registry; {hint}.")


def _unknown_version(conn: sqlite3.Connection, name: str, what: str) -> NotFoundError:
    if conn.execute("SELECT 1 FROM registered_models WHERE name = ?", (name,)).fetchone() is None:
        return _unknown_model(conn, name)
    versions = [
        str(row[0])
        for row in conn.execute(
            "SELECT version FROM model_versions WHERE model = ? ORDER BY version", (name,)
        )
    ]
    return NotFoundError(
        f"Model {name!r} has no {what}; its versions: {', '.join(versions) or 'none'}."
    )


def _text_or_empty(read: Callable[[str], str]) -> Callable[[str], str]:
    """Read an object's text; a missing object (a store copied in part) reads as ''."""

    def code_of(object_id: str) -> str:
        try:
            return read(object_id)
        except NotFoundError:
            return ""

    return code_of
