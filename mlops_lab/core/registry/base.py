"""The interface every registry backend implements.

A backend is a `Registry` subclass found by name through the entry point group
``mlops_lab.registries`` (see `open_registry`): the embedded ``local`` one and
``mlflow`` ship with mlops-lab; another package can add its own the same way.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from ..store.store import Store
from .names import VersionRef
from .version_records import Lineage, ModelPackage, ModelVersion, RegisteredModel

__all__ = ["Registry"]


class Registry(abc.ABC):
    """A model registry: named models with numbered versions, aliases and lineage.

    Subclasses set `name` and implement the abstract methods. Every write either
    happens whole or leaves the registry as it was.
    """

    #: The name users give for this backend (``--registry NAME``).
    name: str = ""

    @classmethod
    @abc.abstractmethod
    def open(cls, location: str | None, store: Store) -> Registry:
        """Connect to the registry at ``location``.

        Parameters
        ----------
        location
            What followed ``NAME:`` in the registry URI (an MLflow tracking
            URL), or None.
        store
            The mlops-lab store the pushed runs live in.

        Raises
        ------
        StoreError
            The registry cannot be reached.
        """

    @abc.abstractmethod
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
        """Register ``package`` as the next version of model ``name`` (created when new).

        ``alias``, when given, points at the new version afterwards.
        """

    @abc.abstractmethod
    def list_models(self) -> tuple[RegisteredModel, ...]:
        """Every registered model, by name."""

    @abc.abstractmethod
    def get_model(self, name: str) -> RegisteredModel:
        """One registered model; `NotFoundError` when there is none of that name."""

    @abc.abstractmethod
    def list_versions(self, name: str) -> tuple[ModelVersion, ...]:
        """The versions of a model, newest first, without their lineage."""

    @abc.abstractmethod
    def get_version(self, ref: VersionRef) -> ModelVersion:
        """One version with its lineage: by number, by alias, or the latest."""

    @abc.abstractmethod
    def set_alias(self, name: str, version: int, alias: str) -> ModelVersion:
        """Point ``alias`` at a version of ``name`` (moving it from another version)."""

    @abc.abstractmethod
    def set_version_tags(self, name: str, version: int, tags: Mapping[str, str]) -> ModelVersion:
        """Set tags on a version (a tag set again takes the new value); values are redacted.

        Promotion decisions and monitoring results are kept this way.
        """

    @abc.abstractmethod
    def fetch(self, version: ModelVersion, folder: Path) -> Path:
        """Copy a version's artifact into ``folder``; the path of the copy."""

    def load(self, ref: VersionRef, *, folder: Path | None = None) -> object:
        """The model of a version, as it was pushed.

        Pickled models come back as objects (scikit-learn estimators and anything
        cloudpickle handled); a file pushed as is comes back as the path of a copy
        in ``folder`` (a new temporary folder by default).
        """
        from .model_serialization import load_artifact

        return load_artifact(self, self.get_version(ref), folder)

    def close(self) -> None:  # noqa: B027 - optional: most backends hold nothing to release
        """Release connections; the default has none."""

    def __enter__(self) -> Registry:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
