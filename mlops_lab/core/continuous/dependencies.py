"""The optional libraries of continuous checks (pandas, scipy), imported on first use."""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import MlopsLabError

__all__ = ["INSTALL_HINT", "MissingDependencyError", "require"]

INSTALL_HINT = "pip install 'mlops-lab[continuous]'"


class MissingDependencyError(MlopsLabError):
    """A library that profiles and drift checks need is not installed."""


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module``, or say which extra installs it.

    Parameters
    ----------
    module
        The module to import (``pandas``, ``scipy.stats``).
    purpose
        What needs it, for the message (``reading tables``).
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".")[0]
        raise MissingDependencyError(
            f"{purpose} needs {top}, which is not installed here: {INSTALL_HINT}"
        ) from None
