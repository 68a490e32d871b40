"""Where the store lives: found like git finds ``.git``.

Order of precedence: an explicit path (``--store``, the server setting), then
``MLOPS_LAB_STORE``, then the nearest ancestor of the start folder that holds a
``.mlops-lab`` folder, else a new ``.mlops-lab`` in the start folder itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["STORE_DIRNAME", "STORE_ENV_VAR", "find_store", "resolve_store_path"]

STORE_DIRNAME = ".mlops-lab"
STORE_ENV_VAR = "MLOPS_LAB_STORE"


def find_store(start: Path) -> Path | None:
    """Return the ``.mlops-lab`` folder of ``start`` or its nearest ancestor.

    Parameters
    ----------
    start
        The folder to start from (usually the current or the Jupyter root folder).

    Returns
    -------
    Path or None
        The store folder, or None when no ancestor has one.
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / STORE_DIRNAME
        if candidate.is_dir():
            return candidate
    return None


def resolve_store_path(
    explicit: str | os.PathLike[str] | None = None,
    *,
    start: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """Decide which store folder to use.

    Parameters
    ----------
    explicit
        A path given on purpose (CLI ``--store``, server ``MlopsLab.store_path``).
    start
        Folder to search upwards from; the current folder by default.
    environ
        Environment to read ``MLOPS_LAB_STORE`` from; ``os.environ`` by default.

    Returns
    -------
    Path
        An absolute path; the folder may not exist yet.
    """
    env = os.environ if environ is None else environ
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = env.get(STORE_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    origin = (start or Path.cwd()).resolve()
    return find_store(origin) or origin / STORE_DIRNAME
