"""The IPython extension (``%load_ext mlops_lab``): a thin adapter over the core.

Capture of kernel state, files, environment and git comes with the capture
work; for now the extension records each executed cell's code, order, timing
and error into a run that lasts as long as the extension is loaded.
"""

from __future__ import annotations

from typing import Any

from .recorder import CellRecorder

__all__ = [
    "declare_parameter_cells",
    "kernel_status",
    "load_ipython_extension",
    "unload_ipython_extension",
]

_ATTRIBUTE = "_mlops_lab_recorder"


def load_ipython_extension(ipython: Any) -> None:
    if getattr(ipython, _ATTRIBUTE, None) is not None:
        return  # loading twice must not start a second run
    recorder = CellRecorder.start(ipython)
    setattr(ipython, _ATTRIBUTE, recorder)


def unload_ipython_extension(ipython: Any) -> None:
    recorder: CellRecorder | None = getattr(ipython, _ATTRIBUTE, None)
    if recorder is not None:
        recorder.stop()
        setattr(ipython, _ATTRIBUTE, None)


def _recorder() -> CellRecorder | None:
    from IPython import get_ipython

    ipython = get_ipython()
    return None if ipython is None else getattr(ipython, _ATTRIBUTE, None)


def kernel_status() -> dict[str, Any]:
    """The tracking state of this kernel, for the JupyterLab status bar.

    Returns
    -------
    dict
        ``{"tracking": bool, "run_id": str | None, "run_name": str | None,
        "store": str | None, "version": str}``
    """
    from .. import __version__

    recorder = _recorder()
    base: dict[str, Any] = {"tracking": False, "run_id": None, "run_name": None, "store": None}
    return {**base, **(recorder.status() if recorder else {}), "version": __version__}


def declare_parameter_cells(cell_ids: list[str]) -> None:
    """Name the cells tagged ``parameters``; their assignments become the run's params.

    The kernel never sees cell tags, so the frontend (or ``mlops-lab track``) tells it.
    """
    recorder = _recorder()
    if recorder is not None:
        recorder.parameter_cells = frozenset(cell_ids)
