"""Parameters injected into a notebook as papermill does.

The values go into a new code cell tagged ``injected-parameters`` right after
the cell tagged ``parameters``, so they override its defaults; an injected cell
left by an earlier run is replaced, never stacked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from nbformat import NotebookNode
from nbformat import v4 as nbformat_v4

from ..core import JsonValue
from ..core.capture.parameters import assigned_names, check_parameters, literal_defaults
from ..core.frozen import frozen

__all__ = ["INJECTED_TAG", "PARAMETERS_TAG", "Injection", "inject_parameters"]

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"

# nbformat has no annotations: this names what it takes and returns.
_new_code_cell: Callable[..., NotebookNode] = nbformat_v4.new_code_cell


@frozen
class Injection:
    """What `inject_parameters` did to a notebook.

    Attributes
    ----------
    parameter_cell_ids
        Ids of the cells whose assignments are the run's parameters: the cell
        tagged ``parameters`` and the injected one, for the kernel to record.
    warnings
        One-line notes for the user (no ``parameters`` cell, unknown names).
    parameters
        The values injected, each checked against the type of its default in
        the ``parameters`` cell (an int given for a float is a float here).
    """

    parameter_cell_ids: tuple[str, ...]
    warnings: tuple[str, ...]
    parameters: Mapping[str, JsonValue]


def inject_parameters(nb: NotebookNode, params: Mapping[str, JsonValue]) -> Injection:
    """Insert (or replace) the ``injected-parameters`` cell, in place.

    Without parameters the notebook is left as it is, as papermill does.

    Parameters
    ----------
    nb
        A v4.5+ notebook (its cells have ids).
    params
        Typed values, as `mlops_lab.core.capture.parameters.parse_parameters` returns them.

    Raises
    ------
    InvalidInputError
        A value's type is not that of its default in the parameters cell.
    """
    warnings: list[str] = []
    if params:
        nb.cells = [cell for cell in nb.cells if INJECTED_TAG not in _tags(cell)]
        anchor = _first_tagged(nb, PARAMETERS_TAG)
        if anchor is None:
            warnings.append(
                f'no cell is tagged "{PARAMETERS_TAG}"; the parameters are injected at the top'
            )
        else:
            # Checked as `pipeline run -p` checks them: one answer for one mistake.
            params = check_parameters(params, literal_defaults(nb.cells[anchor].source))
            known = assigned_names(nb.cells[anchor].source)
            unknown = [name for name in params if known is not None and name not in known]
            if unknown:
                warnings.append(
                    f"{', '.join(unknown)} not assigned in the parameters cell; injected anyway"
                )
        nb.cells.insert(0 if anchor is None else anchor + 1, _injected_cell(nb, params))
    ids = tuple(
        str(cell.id)
        for cell in nb.cells
        if {PARAMETERS_TAG, INJECTED_TAG} & set(_tags(cell)) and "id" in cell
    )
    return Injection(parameter_cell_ids=ids, warnings=tuple(warnings), parameters=params)


def _injected_cell(nb: NotebookNode, params: Mapping[str, JsonValue]) -> NotebookNode:
    lines = ["# Parameters", *(f"{name} = {value!r}" for name, value in params.items())]
    cell = _new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    # A stable id lines the injected cell up across runs when they are compared.
    if all(other.get("id") != INJECTED_TAG for other in nb.cells):
        cell.id = INJECTED_TAG
    return cell


def _tags(cell: NotebookNode) -> list[str]:
    tags: list[str] = cell.get("metadata", {}).get("tags", [])
    return tags


def _first_tagged(nb: NotebookNode, tag: str) -> int | None:
    return next((i for i, cell in enumerate(nb.cells) if tag in _tags(cell)), None)
