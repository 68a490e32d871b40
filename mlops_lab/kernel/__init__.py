"""The IPython extension (``%load_ext mlops_lab``): a thin adapter over the core.

Capture of kernel state, files, environment and git comes with the capture
work; for now the extension records each executed cell's code, order, timing
and error into a run that lasts as long as the extension is loaded.
"""

from __future__ import annotations

from typing import Any

from .recorder import CellRecorder

__all__ = ["load_ipython_extension", "unload_ipython_extension"]

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
