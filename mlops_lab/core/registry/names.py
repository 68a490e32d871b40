"""Names in the registry: model names, aliases, version references and registry URIs.

A model is named like a file (letters, digits, ``.``, ``_``, ``-``), so that
``models:/NAME/VERSION`` and ``NAME@ALIAS`` read back unambiguously in every
registry. An alias starts with a letter and is never ``latest`` nor ``v<digits>``,
so it cannot be mistaken for a version (MLflow reserves the same).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from ..capture.redaction import redact
from ..errors import InvalidInputError
from ..frozen import frozen

__all__ = [
    "DEFAULT_REGISTRY",
    "MLFLOW_TRACKING_URI_VAR",
    "RegistryURI",
    "VersionRef",
    "check_alias",
    "check_model_name",
    "checked_tags",
    "parse_model_uri",
    "parse_registry_uri",
]

DEFAULT_REGISTRY = "local"
#: MLflow's own variable for its tracking server; read, never stored.
MLFLOW_TRACKING_URI_VAR = "MLFLOW_TRACKING_URI"

_MODEL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_ALIAS = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_RESERVED_ALIAS = re.compile(r"^(latest|v\d+)$", re.IGNORECASE)
_BACKEND_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


def check_model_name(name: str) -> str:
    """``name`` if it can name a model, else an `InvalidInputError` saying what can."""
    if not isinstance(name, str) or not _MODEL_NAME.match(name):
        raise InvalidInputError(
            f"{name!r} cannot name a model: use 1 to 128 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (e.g. iris-classifier)."
        )
    return name


def check_alias(alias: str) -> str:
    """``alias`` if it can be an alias, else an `InvalidInputError` saying what can."""
    if not isinstance(alias, str) or not _ALIAS.match(alias) or _RESERVED_ALIAS.match(alias):
        raise InvalidInputError(
            f"{alias!r} cannot be an alias: use letters, digits, '_' or '-', starting with a "
            "letter, other than 'latest' and 'v<number>' (e.g. champion)."
        )
    return alias


def checked_tags(tags: Mapping[str, str] | None) -> dict[str, str]:
    """A version's tags as every registry stores them: named, values redacted."""
    clean: dict[str, str] = {}
    for key, value in (tags or {}).items():
        if not isinstance(key, str) or not key.strip():
            raise InvalidInputError(f"Tag names must be non-empty strings, not {key!r}.")
        clean[key] = redact(str(value))
    return clean


@frozen
class VersionRef:
    """A version of a model: by number, by alias, or the latest (both None)."""

    name: str
    version: int | None = None
    alias: str | None = None

    def __str__(self) -> str:
        if self.version is not None:
            return f"{self.name}/{self.version}"
        if self.alias is not None:
            return f"{self.name}@{self.alias}"
        return self.name


#: The largest version number: SQLite's largest integer.
_VERSION_MAX = 2**63 - 1


def parse_model_uri(uri: str) -> VersionRef:
    """Read ``models:/NAME/VERSION``, ``models:/NAME@ALIAS`` or ``models:/NAME``.

    The ``models:/`` prefix is optional (``iris/2``, ``iris@champion``); a name
    alone means its latest version.
    """
    text = uri.strip() if isinstance(uri, str) else ""
    if text.startswith("models:/"):
        text = text[len("models:/") :]
    name, at, alias = text.partition("@")
    if at:
        return VersionRef(check_model_name(name), alias=check_alias(alias))
    name, slash, number = text.partition("/")
    if not slash:
        return VersionRef(check_model_name(name))
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= _VERSION_MAX:
        raise InvalidInputError(
            f"{uri!r} names no version: write models:/NAME/VERSION with VERSION a number "
            "from 1, or models:/NAME@ALIAS."
        )
    return VersionRef(check_model_name(name), version=int(number))


@frozen
class RegistryURI:
    """A registry named on a command line: a backend and where it is.

    ``location`` is what follows ``NAME:`` (an MLflow tracking URL), or None.
    """

    backend: str
    location: str | None = None


def parse_registry_uri(
    uri: str | None, environ: dict[str, str] | os._Environ[str] | None = None
) -> RegistryURI:
    """Read ``local`` (the default), ``mlflow``, ``mlflow:http://host:port``, ``NAME[:LOCATION]``.

    ``mlflow`` without a location takes ``MLFLOW_TRACKING_URI``, as MLflow does.

    Parameters
    ----------
    uri
        What the user wrote; None or empty for the default registry.
    environ
        The environment to read ``MLFLOW_TRACKING_URI`` from; ``os.environ`` by default.
    """
    text = (uri or "").strip() or DEFAULT_REGISTRY
    backend, colon, location = text.partition(":")
    backend = backend.lower()
    if not _BACKEND_NAME.match(backend):
        raise InvalidInputError(
            f"{uri!r} is not a registry: write local, mlflow, or mlflow:http://HOST:PORT."
        )
    if colon and not location.strip():
        raise InvalidInputError(f"{uri!r} names no location after '{backend}:'.")
    if backend == "mlflow" and not colon:
        found = (os.environ if environ is None else environ).get(MLFLOW_TRACKING_URI_VAR, "")
        if not found.strip():
            raise InvalidInputError(
                "The mlflow registry needs its tracking server: write "
                f"mlflow:http://HOST:PORT, or set {MLFLOW_TRACKING_URI_VAR}."
            )
        return RegistryURI(backend, found.strip())
    return RegistryURI(backend, location.strip() if colon else None)
