"""Registry backends by name, through the ``mlops_lab.registries`` entry point group.

A backend's module is imported only when it is named, so the MLflow client (and
its dependencies) costs nothing to a user of the local registry.
"""

from __future__ import annotations

from importlib import metadata

from ..errors import InvalidInputError, MissingDependencyError
from ..store.store import Store
from .base import Registry
from .names import parse_registry_uri

__all__ = ["ENTRY_POINT_GROUP", "open_registry", "registry_names"]

ENTRY_POINT_GROUP = "mlops_lab.registries"

#: The extra that installs what a shipped backend needs.
_EXTRAS = {"mlflow": "mlflow"}


def registry_names() -> tuple[str, ...]:
    """The names of the installed backends, sorted."""
    return tuple(sorted({ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}))


def open_registry(uri: str | None, store: Store) -> Registry:
    """Open the registry a URI names: ``local`` (default), ``mlflow[:URL]``, ``NAME[:LOCATION]``.

    Parameters
    ----------
    uri
        The registry URI; None or empty for the local registry of ``store``.
    store
        The store the local registry lives in, and the runs come from.

    Raises
    ------
    InvalidInputError
        No installed backend has that name.
    MissingDependencyError
        The backend needs a package that is not installed; the message says which
        to install.
    StoreError
        The registry cannot be reached.
    """
    parsed = parse_registry_uri(uri)
    backend = _backend_class(parsed.backend)
    return backend.open(parsed.location, store)


def _backend_class(name: str) -> type[Registry]:
    found = [ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not found:
        known = ", ".join(registry_names()) or "none (reinstall mlops-lab)"
        raise InvalidInputError(f"Unknown registry {name!r}; the registries installed: {known}.")
    try:
        loaded = found[0].load()
    except ImportError as missing:
        package = missing.name or "a package"
        raise MissingDependencyError(
            package, _EXTRAS.get(name, package), f"The {name} registry"
        ) from None
    if not (isinstance(loaded, type) and issubclass(loaded, Registry)):
        raise InvalidInputError(
            f"The {name!r} registry entry point ({found[0].value}) is not a Registry subclass."
        )
    return loaded
