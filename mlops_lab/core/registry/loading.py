"""``load_model``: a registered version's model back, from a ``models:/`` URI."""

from __future__ import annotations

import os
from pathlib import Path

from ..store.store import Store
from .backends import open_registry
from .names import parse_model_uri

__all__ = ["load_model"]


def load_model(
    uri: str,
    *,
    registry: str | None = None,
    store: Store | str | os.PathLike[str] | None = None,
    folder: Path | None = None,
) -> object:
    """Load the model of ``models:/NAME/VERSION``, ``models:/NAME@ALIAS`` or ``models:/NAME``.

    Parameters
    ----------
    uri
        The version; a name alone means its latest version.
    registry
        ``local`` (default), ``mlflow``, ``mlflow:http://HOST:PORT``.
    store
        The store (an open one, or its path) of the local registry; by default
        the one found from the current folder.
    folder
        Where a version pushed as a plain file is copied; a temporary folder by default.

    Returns
    -------
    object
        The model as it was pushed (an estimator that predicts as the original
        did); for a file pushed as is, the `~pathlib.Path` of a copy.
    """
    ref = parse_model_uri(uri)
    opened = store if isinstance(store, Store) else Store.open(store)
    try:
        with open_registry(registry, opened) as backend:
            return backend.load(ref, folder=folder)
    finally:
        if opened is not store:
            opened.close()
