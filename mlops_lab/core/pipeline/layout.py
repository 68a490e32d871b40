"""The files of an exported pipeline folder: their names, and each step's module path.

Apart from `mlops_lab.core.pipeline.local_export` so that running a pipeline
does not import what writing one needs.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InvalidInputError
from .marks import STEP_NAME

__all__ = ["PIPELINE_FILE", "SHARED_FILE", "STEPS_DIRNAME", "module_name", "step_module_path"]

PIPELINE_FILE = "pipeline.yaml"
SHARED_FILE = "shared.py"
STEPS_DIRNAME = "steps"


def module_name(step: str) -> str:
    """The Python name of a step (``load-data`` -> ``load_data``)."""
    return step.replace("-", "_")


def step_module_path(directory: Path, step: str) -> Path:
    """``steps/<module>.py`` of a step; a name that is not a step name is refused.

    Names come from the notebook on export and from ``pipeline.yaml`` on run: a
    name like ``../../x`` would otherwise name a file outside the folder.
    """
    if not STEP_NAME.fullmatch(step):
        raise InvalidInputError(
            f"{step!r} is not a step name (letters, digits, _ and -, starting with a "
            "letter or _); fix pipeline.yaml or export the notebook again."
        )
    return directory / STEPS_DIRNAME / f"{module_name(step)}.py"
