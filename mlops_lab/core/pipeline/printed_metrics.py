"""The metrics a notebook's ``pipeline-metrics`` cells print, each with the step that logs it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from .cell_code import printed_names
from .model import CellRef, Metric, Parameter, ParameterType, Problem, ProblemKind, Step, StepInput

__all__ = ["printed_metrics"]


def printed_metrics(
    cells: Sequence[CellRef],
    parameters: Sequence[Parameter],
    producers: Mapping[str, str],
    outputs: dict[str, list[str]],
    steps: list[Step],
) -> tuple[list[Metric], list[Problem]]:
    """The variables ``cells`` print, as metrics, and the problems found.

    A step's result is logged by the step that defines it last, and becomes one
    of its ``outputs``. A parameter (Kale's compiler accepts printing one) is
    logged by the first step that reads it; one no step reads is given to the
    first step (``steps`` is changed) to be logged there.

    Parameters
    ----------
    cells
        The ``pipeline-metrics`` cells.
    parameters
        The pipeline's parameters.
    producers
        Each variable to the step that defines it last.
    outputs
        Each step's outputs, completed here with its metrics.
    steps
        The pipeline's steps, in notebook order.
    """
    by_name = {parameter.name: parameter for parameter in parameters}
    metrics: list[Metric] = []
    problems: list[Problem] = []
    for ref in cells:
        for variable in printed_names(ref.source):
            if any(metric.name == variable for metric in metrics):
                continue
            step = producers.get(variable)
            if step is not None:
                metrics.append(Metric(variable, step))
                if variable not in outputs[step]:
                    outputs[step].append(variable)
            elif variable in by_name:
                found = _parameter_step(by_name[variable], ref, steps)
                if isinstance(found, Problem):
                    problems.append(found)
                else:
                    metrics.append(Metric(variable, found))
            else:
                problems.append(
                    _problem(
                        ProblemKind.UNDEFINED_VARIABLE,
                        f"{ref.label} (pipeline-metrics) prints `{variable}`, which no step "
                        "defines; compute it in a step above.",
                        ref,
                        variable,
                    )
                )
    return metrics, problems


def _parameter_step(parameter: Parameter, ref: CellRef, steps: list[Step]) -> str | Problem:
    """The step that logs ``parameter`` as a metric, or why it cannot be one."""
    name = parameter.name
    if parameter.type not in (ParameterType.INT, ParameterType.FLOAT):
        return _problem(
            ProblemKind.PARAMETER,
            f"{ref.label} (pipeline-metrics) prints parameter `{name}`, whose default "
            f"{parameter.default!r} is a {parameter.type.value}; a metric is a number: "
            "print only int or float parameters.",
            ref,
            name,
        )
    for step in steps:
        if StepInput(name) in step.inputs:
            return step.name
    if not steps:
        return _problem(
            ProblemKind.UNDEFINED_VARIABLE,
            f"{ref.label} (pipeline-metrics) prints parameter `{name}`, but the notebook has "
            "no step to log it from; mark a step.",
            ref,
            name,
        )
    steps[0] = dataclasses.replace(steps[0], inputs=(*steps[0].inputs, StepInput(name)))
    return steps[0].name


def _problem(kind: ProblemKind, message: str, ref: CellRef, variable: str) -> Problem:
    return Problem(
        kind=kind, message=message, cell_id=ref.id, cell_index=ref.index, variable=variable
    )
