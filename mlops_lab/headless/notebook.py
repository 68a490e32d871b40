"""Reading the notebook to run and writing the executed one, with its provenance."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import nbformat
from nbformat import NotebookNode, v4

from ..core import InvalidInputError, JsonValue, NotFoundError

__all__ = ["METADATA_KEY", "read_notebook", "write_notebook"]

#: Key of the executed notebook's metadata that names its run.
METADATA_KEY = "mlops_lab"

# Cell ids (nbformat 4.5) name the cells in the record and line them up in a compare.
_CELL_IDS_SINCE_MINOR = 5

# nbformat has no annotations: these name what its functions take and return.
_reads: Callable[[str], NotebookNode] = nbformat.reader.reads
_convert: Callable[[NotebookNode, int], NotebookNode] = nbformat.convert
_upgrade: Callable[..., NotebookNode] = v4.upgrade
_write: Callable[[NotebookNode, Path], None] = nbformat.write


def _why_not(error: Exception) -> str:
    """Why a file is not a notebook, in words that quote nothing of it.

    nbformat's messages quote the file (its first bytes, the offending value):
    a file given by mistake may hold anything, a password included.
    """
    if isinstance(error, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(error, nbformat.reader.NotJSONError):
        return "it is not JSON"
    if isinstance(error, nbformat.ValidationError):
        where = "/".join(str(part) for part in getattr(error, "absolute_path", ()))
        return "it does not follow the notebook format" + (f" (at {where})" if where else "")
    return "it does not follow the notebook format"


def read_notebook(path: Path) -> NotebookNode:
    """Read and validate a notebook, upgraded to nbformat 4.5 so that its cells have ids.

    Raises
    ------
    NotFoundError
        No file at ``path``.
    InvalidInputError
        The file is not a valid notebook.
    """
    if not path.is_file():
        raise NotFoundError(f"No notebook at {path}; check the path.")
    try:
        # nbformat.read would log a multi-line report of an invalid notebook on
        # stderr and go on; the parts below raise instead.
        nb = _reads(path.read_text(encoding="utf-8"))
        nb = _convert(nb, 4)
        nbformat.validate(nb)
    except OSError as error:
        raise InvalidInputError(f"Cannot read {path}: {error.strerror}.") from None
    except (ValueError, KeyError, AttributeError, TypeError, nbformat.ValidationError) as error:
        raise InvalidInputError(
            f"{path} is not a valid notebook: {_why_not(error)}; give a .ipynb file."
        ) from None
    if nb.nbformat_minor < _CELL_IDS_SINCE_MINOR:
        nb = _upgrade(nb, from_version=4, from_minor=nb.nbformat_minor)
    return nb


def write_notebook(
    nb: NotebookNode, path: Path, *, run_id: str, store: Path, parameters: Mapping[str, JsonValue]
) -> None:
    """Write the executed notebook with the run that made it in its metadata."""
    nb.metadata[METADATA_KEY] = {
        "run_id": run_id,
        "store": str(store),
        "parameters": dict(parameters),
    }
    try:
        _write(nb, path)
    except OSError as error:
        raise InvalidInputError(f"Cannot write the executed notebook to {path}: {error}") from None
