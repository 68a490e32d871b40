"""Export targets, found by name: ``local`` and ``kfp`` ship with mlops-lab; more plug in.

A target is a `PipelineTarget` registered under the entry point group
``mlops_lab.pipeline_targets`` and loaded only when asked for, so a target's
optional dependency (kfp) costs nothing to those who never use it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InvalidInputError
from ..frozen import frozen
from .model import Pipeline

__all__ = ["ENTRY_POINT_GROUP", "ExportOptions", "PipelineTarget", "get_target", "target_names"]

ENTRY_POINT_GROUP = "mlops_lab.pipeline_targets"


@frozen
class ExportOptions:
    """What a target may need beyond the pipeline.

    Attributes
    ----------
    requirements
        The environment lock (pip requirements) of the notebook's run, to pin packages.
    base_image
        The container image steps run in (Kubeflow).
    """

    requirements: str | None = None
    base_image: str | None = None


class PipelineTarget:
    """Base of export targets: write a pipeline into a folder, return the files."""

    name = ""

    def export(self, pipeline: Pipeline, directory: Path, options: ExportOptions) -> list[Path]:
        raise NotImplementedError


def target_names() -> list[str]:
    from importlib import metadata  # here: it takes longer to import than a cached run

    return sorted({entry.name for entry in metadata.entry_points(group=ENTRY_POINT_GROUP)})


def get_target(name: str) -> PipelineTarget:
    """The target registered as ``name``.

    Raises
    ------
    InvalidInputError
        No target has that name.
    """
    from importlib import metadata

    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry.name == name:
            target_class = entry.load()
            target: PipelineTarget = target_class()
            return target
    known = ", ".join(target_names()) or "none (reinstall mlops-lab)"
    raise InvalidInputError(f"Unknown pipeline target {name!r}; the targets are: {known}.")
