"""The ``mlops-lab`` command line: one module per command group over `mlops_lab.core`."""

from __future__ import annotations

from .main import main, run

__all__ = ["main", "run"]
