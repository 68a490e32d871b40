"""The MLflow Model Registry backend (``--registry mlflow:http://HOST:PORT``).

A push creates an MLflow run in the experiment of the source run, holding the
model (saved with its MLflow flavor: ``sklearn`` for scikit-learn, else a
``python_function`` wrapper of the pickle; a plain file as it is), the
environment lock as ``requirements.txt``, the run's params and metrics, and the
whole lineage as ``mlops-lab/version.json``; then it registers a model version
tagged ``mlops_lab.*`` with the lineage that fits in tags (run, notebook, cell,
git commit, data fingerprints). Only the MLflow client talks to the server.

Importing this module imports mlflow: `backends` turns a missing mlflow into
"pip install mlops-lab[mlflow]".
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric, Param
from mlflow.entities.model_registry import ModelVersion as MlflowVersion
from mlflow.exceptions import MlflowException

from ..capture.redaction import redact
from ..errors import InvalidInputError, NotFoundError, StoreError
from ..store.store import Store
from .base import Registry
from .mlflow_connection import check_reachable, from_millis, pages, quiet_downloads, shown_uri
from .mlflow_saving import flavor_of, pip_requirements, save_model
from .mlflow_tags import TAG_PREFIX, VERSION_DOCUMENT, lineage_tags, param_text, source_tags
from .model_serialization import loads
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
    ModelInfo,
    ModelPackage,
    ModelVersion,
    RegisteredModel,
)

__all__ = ["MlflowRegistry"]

_MODEL_PATH = "model"
_MLFLOW_KEY = re.compile(r"^[\w\-. /]{1,250}$")
_FORMATS = frozenset(f.value for f in ModelFormat)


class MlflowRegistry(Registry):
    """An MLflow tracking server's Model Registry."""

    name = "mlflow"

    def __init__(self, tracking_uri: str, store: Store) -> None:
        self._uri = tracking_uri
        self._store = store
        self._client = MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)

    @classmethod
    def open(cls, location: str | None, store: Store) -> MlflowRegistry:
        if not location:
            raise InvalidInputError(
                "The mlflow registry needs its tracking server: write mlflow:http://HOST:PORT."
            )
        check_reachable(location)
        return cls(location, store)

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
        user_tags = checked_tags(tags)
        written = lineage_tags(package, lineage)
        flavor = flavor_of(package)
        with self._errors():
            experiment_id = self._experiment(lineage.experiment or "mlops-lab")
            run = self._client.create_run(
                experiment_id,
                run_name=lineage.run_name or None,
                tags={**written, **source_tags(lineage), TAG_PREFIX + "flavor": flavor},
            )
            run_id = run.info.run_id
            try:
                self._log_run(run_id, package, lineage, flavor)
            except BaseException:
                self._client.set_terminated(run_id, "FAILED")
                raise
            self._client.set_terminated(run_id)
            self._ensure_model(name)
            created = self._client.create_model_version(
                name,
                f"{run.info.artifact_uri}/{_MODEL_PATH}",
                run_id=run_id,
                tags={**user_tags, **written, TAG_PREFIX + "flavor": flavor},
                description=redact(description) or None,
                await_creation_for=60,
            )
            if alias is not None:
                self._client.set_registered_model_alias(name, alias, created.version)
        return self.get_version(VersionRef(name, version=int(created.version)))

    def set_alias(self, name: str, version: int, alias: str) -> ModelVersion:
        check_model_name(name)
        check_alias(alias)
        with self._errors():
            self._client.get_model_version(name, str(version))
            self._client.set_registered_model_alias(name, alias, str(version))
        return self.get_version(VersionRef(name, version=version))

    def set_version_tags(self, name: str, version: int, tags: Mapping[str, str]) -> ModelVersion:
        check_model_name(name)
        clean = checked_tags(tags)
        with self._errors():
            self._client.get_model_version(name, str(version))
            for key, value in clean.items():
                self._client.set_model_version_tag(name, str(version), key, value)
        return self.get_version(VersionRef(name, version=version))

    # -- reading -------------------------------------------------------------------

    def list_models(self) -> tuple[RegisteredModel, ...]:
        with self._errors():
            models = list(pages(self._client.search_registered_models))
            versions: dict[str, list[int]] = {}
            for version in pages(self._client.search_model_versions):
                versions.setdefault(version.name, []).append(int(version.version))
        return tuple(
            self._model(model, versions.get(model.name, []))
            for model in sorted(models, key=lambda m: m.name)
        )

    def get_model(self, name: str) -> RegisteredModel:
        check_model_name(name)
        with self._errors():
            model = self._client.get_registered_model(name)
            numbers = [int(v.version) for v in self._search_versions(name)]
        return self._model(model, numbers)

    def list_versions(self, name: str) -> tuple[ModelVersion, ...]:
        check_model_name(name)
        with self._errors():
            self._client.get_registered_model(name)
            found = self._search_versions(name)
        return tuple(self._version(v, None) for v in sorted(found, key=lambda v: -int(v.version)))

    def get_version(self, ref: VersionRef) -> ModelVersion:
        found = self._find(ref)
        with self._errors():
            document = self._version_document(found)
        lineage = None
        model = None
        if document is not None:
            lineage = lineage_from_json(document.get("lineage") or {})
            model = model_info_from_json(document.get("model") or {})
        return self._version(found, lineage, model)

    def fetch(self, version: ModelVersion, folder: Path) -> Path:
        """The version's file; for a flavored model, the MLflow model folder."""
        if version.file.uri is None:
            raise NotFoundError(f"Version {version.name}/{version.version} has no artifact URI.")
        with self._errors(), quiet_downloads():
            local = Path(
                mlflow.artifacts.download_artifacts(
                    artifact_uri=version.file.uri, dst_path=str(folder), tracking_uri=self._uri
                )
            )
        if version.file.format is ModelFormat.FILE and local.is_dir():
            candidate = local / version.file.filename
            return candidate if candidate.exists() else local
        return local

    def load(self, ref: VersionRef, *, folder: Path | None = None) -> object:
        found = self._find(ref)
        version = self._version(found, None)
        if not version.file.format.is_pickle:
            target = folder or Path(tempfile.mkdtemp(prefix="mlops-lab-model-"))
            target.mkdir(parents=True, exist_ok=True)
            return self.fetch(version, target)
        flavor = (found.tags or {}).get(TAG_PREFIX + "flavor")
        with tempfile.TemporaryDirectory(prefix="mlops-lab-model-") as tmp:
            local = self.fetch(version, Path(tmp))
            label = f"{version.name}/{version.version}"
            if flavor == "sklearn":
                from mlflow import sklearn as mlflow_sklearn

                with self._errors():
                    return mlflow_sklearn.load_model(str(local))
            pickled = local / "artifacts" / version.file.filename
            if not pickled.exists():
                raise NotFoundError(f"The MLflow model of {label} holds no {pickled.name}.")
            return loads(pickled.read_bytes(), label)

    # -- MLflow calls ------------------------------------------------------------------

    def _find(self, ref: VersionRef) -> MlflowVersion:
        check_model_name(ref.name)
        with self._errors():
            if ref.version is not None:
                return self._client.get_model_version(ref.name, str(ref.version))
            if ref.alias is not None:
                return self._client.get_model_version_by_alias(ref.name, ref.alias)
            self._client.get_registered_model(ref.name)
            versions = self._search_versions(ref.name)
        if not versions:
            raise NotFoundError(f"Model {ref.name!r} has no versions in MLflow.")
        return max(versions, key=lambda v: int(v.version))

    def _experiment(self, name: str) -> str:
        found = self._client.get_experiment_by_name(name)
        if found is not None:
            return str(found.experiment_id)
        try:
            return str(self._client.create_experiment(name))
        except MlflowException:  # created by another push meanwhile
            again = self._client.get_experiment_by_name(name)
            if again is None:
                raise
            return str(again.experiment_id)

    def _ensure_model(self, name: str) -> None:
        try:
            self._client.create_registered_model(name)
        except MlflowException as error:
            if error.error_code != "RESOURCE_ALREADY_EXISTS":
                raise

    def _log_run(self, run_id: str, package: ModelPackage, lineage: Lineage, flavor: str) -> None:
        now = int(datetime.now(timezone.utc).timestamp() * 1000)
        params = [
            Param(key, param_text(value))
            for key, value in lineage.params.items()
            if _MLFLOW_KEY.match(key)
        ]
        metrics = [
            Metric(key, float(value), now, 0)
            for key, value in lineage.metrics.items()
            if _MLFLOW_KEY.match(key) and math.isfinite(value)
        ]
        self._client.log_batch(run_id, metrics=metrics, params=params)
        document = {
            "model": model_info_to_json(package.info),
            "lineage": lineage_to_json(lineage),
        }
        self._client.log_dict(run_id, document, VERSION_DOCUMENT)
        if lineage.requirements:
            self._client.log_text(run_id, lineage.requirements, "environment/requirements.txt")
        with tempfile.TemporaryDirectory(prefix="mlops-lab-push-") as tmp:
            folder = Path(tmp) / _MODEL_PATH
            save_model(package, folder, flavor, pip_requirements(package.info, lineage))
            self._client.log_artifacts(run_id, str(folder), _MODEL_PATH)

    def _search_versions(self, name: str) -> list[MlflowVersion]:
        # Names are checked (letters, digits, '.', '_', '-'), so quoting cannot break.
        return list(pages(self._client.search_model_versions, f"name='{name}'"))

    def _version_document(self, version: MlflowVersion) -> dict[str, Any] | None:
        if not version.run_id or TAG_PREFIX + "run_id" not in (version.tags or {}):
            return None  # registered by another tool: no mlops-lab lineage
        with tempfile.TemporaryDirectory(prefix="mlops-lab-lineage-") as tmp, quiet_downloads():
            try:
                path = self._client.download_artifacts(version.run_id, VERSION_DOCUMENT, tmp)
            except MlflowException:
                return None
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        return document if isinstance(document, dict) else None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """MLflow's errors as mlops-lab's, with the server's message."""
        try:
            yield
        except MlflowException as error:
            message = f"MLflow at {shown_uri(self._uri)}: {error.message}"
            if error.error_code == "RESOURCE_DOES_NOT_EXIST":
                raise NotFoundError(message) from None
            if error.error_code in ("INVALID_PARAMETER_VALUE", "BAD_REQUEST"):
                raise InvalidInputError(message) from None
            raise StoreError(message) from None

    # -- MLflow records to mlops-lab's ---------------------------------------------------

    def _model(self, model: Any, numbers: list[int]) -> RegisteredModel:
        return RegisteredModel(
            registry=self.name,
            name=model.name,
            description=model.description or "",
            tags={k: v for k, v in (model.tags or {}).items() if not k.startswith(TAG_PREFIX)},
            created_at=from_millis(model.creation_timestamp),
            updated_at=from_millis(model.last_updated_timestamp or model.creation_timestamp),
            latest_version=max(numbers) if numbers else None,
            version_count=len(numbers),
            aliases={alias: int(v) for alias, v in (model.aliases or {}).items()},
        )

    def _version(
        self, version: MlflowVersion, lineage: Lineage | None, model: ModelInfo | None = None
    ) -> ModelVersion:
        tags = dict(version.tags or {})
        fmt = tags.get(TAG_PREFIX + "format", ModelFormat.FILE.value)
        return ModelVersion(
            registry=self.name,
            name=version.name,
            version=int(version.version),
            created_at=from_millis(version.creation_timestamp),
            run_id=tags.get(TAG_PREFIX + "run_id"),
            description=version.description or "",
            tags={k: v for k, v in tags.items() if not k.startswith(TAG_PREFIX)},
            aliases=tuple(sorted(version.aliases or ())),
            file=ModelFile(
                filename=tags.get(TAG_PREFIX + "filename", _MODEL_PATH),
                format=ModelFormat(fmt) if fmt in _FORMATS else ModelFormat.FILE,
                size=None,
                uri=version.source,
            ),
            model=model
            or ModelInfo(
                type=tags.get(TAG_PREFIX + "model_type"),
                framework=tags.get(TAG_PREFIX + "framework"),
                framework_version=tags.get(TAG_PREFIX + "framework_version"),
            ),
            lineage=lineage,
        )
