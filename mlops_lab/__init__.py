"""mlops-lab: reproducible, comparable and shippable notebook experiments.

The package root stays import-light on purpose: `mlops_lab.core` is imported by
kernels, the server and the CLI alike, so Jupyter-specific modules are loaded
only by the hooks that Jupyter and IPython call.
"""

from __future__ import annotations

from typing import Any

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - a source tree that was never built
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "mlops-lab"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "mlops_lab.server"}]


def load_ipython_extension(ipython: Any) -> None:
    """Entry point of ``%load_ext mlops_lab``."""
    from .kernel import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """Entry point of ``%unload_ext mlops_lab``."""
    from .kernel import unload_ipython_extension as unload

    unload(ipython)
