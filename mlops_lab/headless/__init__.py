"""Headless runs (``mlops-lab track``): execute a notebook in a fresh kernel, recorded.

An adapter like the kernel and the server: it drives a kernel with nbclient and
records through `mlops_lab.core`. The kernel records the cells itself, with the
``mlops_lab`` extension loaded silently and attached to the run this package creates.

Everything loads on first use: importing nbclient and nbformat takes seconds
(through jsonschema), which ``mlops-lab runs`` must not pay. The ``-p`` values
are typed by `mlops_lab.core.capture.parameters`, shared with the kernel's ``%mlops param``.

Modules
-------
injection
    The ``injected-parameters`` cell, after the ``parameters`` cell.
notebook
    Reading and validating the input, writing the executed notebook.
kernel_client, extension
    Requests to the kernel, and the silent ones to its mlops_lab extension.
execute
    Running the cells with nbclient, stopping at the first failure.
runner
    The run's life: create, execute, record what the kernel could not, end.
reproduce, venv
    ``mlops-lab reproduce``: the recorded cells replayed as a new run (in a
    virtual environment built from the run's lock, on request), then judged by
    `mlops_lab.core.reproduce`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .execute import CellFailure, FailureKind
    from .injection import INJECTED_TAG, PARAMETERS_TAG
    from .kernel_client import KernelError
    from .runner import RunInterruptedError, TrackRequest, TrackResult, track

__all__ = [
    "INJECTED_TAG",
    "PARAMETERS_TAG",
    "CellFailure",
    "FailureKind",
    "KernelError",
    "RunInterruptedError",
    "TrackRequest",
    "TrackResult",
    "track",
]

_LAZY = {
    "INJECTED_TAG": "injection",
    "PARAMETERS_TAG": "injection",
    "CellFailure": "execute",
    "FailureKind": "execute",
    "KernelError": "kernel_client",
    "RunInterruptedError": "runner",
    "TrackRequest": "runner",
    "TrackResult": "runner",
    "track": "runner",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
