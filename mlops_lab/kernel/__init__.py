"""The IPython extension (``%load_ext mlops_lab``): records every executed cell.

A thin adapter over the core: `TrackingSession` holds the run and the store,
`CellRecorder` hooks IPython's cell events, `MlopsMagics` is ``%mlops``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .recorder import CellRecorder
from .session import TrackingSession, active_session

__all__ = [
    "active_session",
    "declare_parameter_cells",
    "flush",
    "kernel_status",
    "load_ipython_extension",
    "unload_ipython_extension",
]

_ATTRIBUTE = "_mlops_lab_tracking"


class _Tracking:
    """What one loaded extension holds, so unloading can undo it all."""

    def __init__(self, ipython: Any) -> None:
        import atexit

        from .checkpoints import KernelCheckpoints
        from .magics import MlopsMagics
        from .step_magic import StepMagics

        self.session = TrackingSession.start(Path.cwd())
        if self.session.store.read_only is not None:
            # Said once, here: the cells then run untracked instead of each warning.
            _say(f"not recording: {self.session.store.read_only}")
            self.session.tracking = False
        self.recorder = CellRecorder(ipython, self.session)
        self.recorder.register()
        self.checkpoints = KernelCheckpoints(ipython, self.session)
        self.checkpoints.register()
        ipython.register_magics(MlopsMagics(ipython, self.session, self))
        ipython.register_magics(StepMagics(ipython))
        # A kernel that shuts down never unloads its extensions.
        atexit.register(self.close)

    def on(self) -> None:
        self.session.tracking = True

    def off(self) -> None:
        self.session.tracking = False

    def close(self) -> None:
        import atexit

        atexit.unregister(self.close)
        self.recorder.unregister()
        self.session.close()
        self.checkpoints.unregister()


def load_ipython_extension(ipython: Any) -> None:
    if getattr(ipython, _ATTRIBUTE, None) is not None:
        return  # loading twice must not start a second run
    try:
        tracking = _Tracking(ipython)
    except Exception as error:  # the notebook goes on, told why in one line, not a traceback
        from ..core import MlopsLabError

        reason = error.message if isinstance(error, MlopsLabError) else f"{error}"
        if not isinstance(error, MlopsLabError | OSError):
            reason = f"{type(error).__name__}: {reason}"
        _say(f"not recording: {reason.rstrip('.')}. Fix that, then run %reload_ext mlops_lab.")
        return
    setattr(ipython, _ATTRIBUTE, tracking)


def _say(message: str) -> None:
    import sys

    from ..core.capture.redaction import redact

    print(f"mlops-lab: {redact(message)}", file=sys.stderr)


def unload_ipython_extension(ipython: Any) -> None:
    tracking: _Tracking | None = getattr(ipython, _ATTRIBUTE, None)
    if tracking is not None:
        tracking.close()
        setattr(ipython, _ATTRIBUTE, None)


def _tracking() -> _Tracking | None:
    from IPython import get_ipython

    ipython = get_ipython()
    return None if ipython is None else getattr(ipython, _ATTRIBUTE, None)


def kernel_status() -> dict[str, Any]:
    """The tracking state of this kernel, for the JupyterLab status bar.

    Returns
    -------
    dict
        ``{"tracking": bool, "run_id": str | None, "run_name": str | None,
        "store": str | None, "stale": [StaleCell...], "version": str}``; see
        ``KernelStatus`` in ``mlops_lab/server/openapi.yaml``.
    """
    from .. import __version__

    tracking = _tracking()
    base: dict[str, Any] = {
        "tracking": False,
        "run_id": None,
        "run_name": None,
        "store": None,
        "stale": [],
    }
    return {**base, **(tracking.session.status() if tracking else {}), "version": __version__}


def flush() -> None:
    """Wait until everything recorded so far is in the store.

    Cells are written on a background thread; a process that is about to read
    the store or stop the kernel (``mlops-lab track``, a test) calls this first.
    """
    tracking = _tracking()
    if tracking is not None:
        tracking.session.writer.flush()


def declare_parameter_cells(cell_ids: list[str]) -> None:
    """Name the cells tagged ``parameters``; their assignments become the run's params.

    The kernel never sees cell tags, so the frontend (or ``mlops-lab track``) tells it.
    """
    tracking = _tracking()
    if tracking is not None:
        tracking.recorder.parameter_cells = frozenset(cell_ids)
