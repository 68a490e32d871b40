"""Target ``local``: ``pipeline.yaml``, ``shared.py`` and one readable module per step.

The runner (`mlops_lab.core.pipeline.runner`) executes these files as they
are, so a reader sees exactly what runs, and may edit a step and run again.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InvalidInputError
from ..store.confined import write_confined
from .layout import PIPELINE_FILE, SHARED_FILE, step_module_path
from .model import Pipeline, Step
from .serialize import write_yaml
from .targets import ExportOptions, PipelineTarget
from .translate import runnable_source, uses_mlops_lab

__all__ = ["LocalTarget", "shared_source", "step_source", "write_local"]


def write_local(pipeline: Pipeline, directory: Path) -> list[Path]:
    """Write the pipeline into ``directory`` (created if needed) for the local runner.

    Every file goes through `write_confined`: nothing is written through a symlink.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    InvalidInputError
        The pipeline has problems (see `Pipeline.check`), ``directory`` is a file,
        or a symlink sits where a file goes.
    """
    pipeline.check()
    if directory.exists() and not directory.is_dir():
        raise InvalidInputError(f"{directory} is a file; give a folder to export into.")
    written = [
        write_confined(directory, SHARED_FILE, shared_source(pipeline)),
        *(
            write_confined(
                directory,
                step_module_path(directory, step.name).relative_to(directory).as_posix(),
                step_source(pipeline, step),
            )
            for step in pipeline.steps
        ),
    ]
    # Last: a pipeline.yaml is only there once the files it names are.
    path = directory / PIPELINE_FILE
    write_yaml(pipeline, path)
    return [path, *written]


class LocalTarget(PipelineTarget):
    """Runs here: ``mlops-lab pipeline run DIR``."""

    name = "local"

    def export(self, pipeline: Pipeline, directory: Path, options: ExportOptions) -> list[Path]:
        return write_local(pipeline, directory)


def shared_source(pipeline: Pipeline) -> str:
    """``shared.py``: the ``imports`` and ``functions`` cells, run before every step."""
    header = (
        f'"""Code shared by every step of pipeline {pipeline.name}: the cells of '
        f"{pipeline.notebook or 'the notebook'}\ntagged imports or functions. "
        'It runs before each step, in the step\'s namespace."""\n'
    )
    parts = [header]
    for cell in pipeline.shared:
        parts.append(f"\n# -- {cell.label} --\n{runnable_source(cell.source).rstrip()}\n")
    return "".join(parts)


def step_source(pipeline: Pipeline, step: Step) -> str:
    """A step's module: what flows in and out in its docstring, then its cells' code."""
    lines = [f'"""Step {step.name} of pipeline {pipeline.name}, from {pipeline.notebook}.', ""]
    if step.inputs:
        lines.append("Inputs, set by the runner before this code runs:")
        for item in step.inputs:
            if item.is_parameter:
                parameter = pipeline.parameter(item.name)
                where = f"parameter ({parameter.type.value}, default {parameter.default!r})"
            else:
                where = f"output of step {item.step}"
            lines.append(f"    {item.name}: {where}")
    else:
        lines.append("Inputs: none.")
    metrics = pipeline.metrics_of(step.name)
    outputs = [name for name in step.outputs if name not in metrics]
    lines.append(
        f"Outputs, read by the runner after it: {', '.join(outputs)}."
        if outputs
        else "Outputs: none."
    )
    if metrics:
        lines.append(f"Metrics (pipeline-metrics): {', '.join(metrics)}.")
    if step.after:
        lines.append(f"Runs after: {', '.join(step.after)}.")
    lines.append('"""')
    logged_parameters = [name for name in metrics if name in step.parameters]
    calls_mlops_lab = uses_mlops_lab(step.code) or bool(logged_parameters)
    if step.imports or calls_mlops_lab:
        lines.append("")
    lines.extend(
        f"{statement}  # used here, imported by another step" for statement in step.imports
    )
    if calls_mlops_lab:
        lines.append("import mlops_lab  # the metric lines below call it")
    for cell in step.cells:
        lines.append("")
        lines.append(f"# -- {cell.label} --")
        lines.append(runnable_source(cell.source).rstrip())
    if logged_parameters:
        # A parameter is an input, not an output the runner reads back: logged here.
        lines.extend(["", "# -- the parameters pipeline-metrics prints --"])
        lines.extend(f"mlops_lab.log_metric({name!r}, {name})" for name in logged_parameters)
    return "\n".join(lines) + "\n"
