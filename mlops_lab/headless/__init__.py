"""Headless runs (``mlops-lab track``): execute a notebook in a fresh kernel, recorded.

An adapter like the kernel and the server: it drives a kernel with nbclient and
records through `mlops_lab.core`. The kernel records the cells itself, with the
``mlops_lab`` extension loaded silently and attached to the run this package creates.

Modules
-------
parameters
    ``-p NAME VALUE`` typed, and injected after the ``parameters`` cell.
notebook
    Reading and validating the input, writing the executed notebook.
kernel_client, execute
    Running the cells with nbclient, stopping at the first failure.
runner
    The run's life: create, execute, record what the kernel could not, end.
"""

from __future__ import annotations

from .execute import CellFailure, FailureKind, KernelError
from .parameters import INJECTED_TAG, PARAMETERS_TAG, parse_value
from .runner import TrackRequest, TrackResult, track

__all__ = [
    "INJECTED_TAG",
    "PARAMETERS_TAG",
    "CellFailure",
    "FailureKind",
    "KernelError",
    "TrackRequest",
    "TrackResult",
    "parse_value",
    "track",
]
