"""The pipeline's intermediate representation: typed, frozen, target-independent.

A notebook becomes a `Pipeline` (see `mlops_lab.core.pipeline.build`); the local
runner and the Kubeflow target both start from it, and ``pipeline.yaml`` is
its serialized form.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import field

from ..capture.parameters import ParameterType, check_parameter
from ..errors import InvalidInputError
from ..frozen import frozen
from ..records import JsonValue

__all__ = [
    "CellRef",
    "Edge",
    "EdgeKind",
    "Metric",
    "Parameter",
    "ParameterType",
    "Pipeline",
    "Problem",
    "ProblemKind",
    "Step",
    "StepInput",
]


@frozen
class CellRef:
    """A code cell: its position in the notebook (from 1, markdown cells counted), id, source."""

    index: int
    id: str | None
    source: str

    @property
    def label(self) -> str:
        """How messages name the cell: ``cell 3 (id 'ab12')``."""
        return f"cell {self.index}" + (f" (id {self.id!r})" if self.id else "")


@frozen
class Parameter:
    """A pipeline parameter, from an assignment of the parameters cell."""

    name: str
    type: ParameterType
    default: JsonValue
    cell_id: str | None = None

    def coerce(self, value: JsonValue) -> JsonValue:
        """Check a value given for this parameter against its type, see `check_parameter`."""
        return check_parameter(self.name, self.default, value)


@frozen
class StepInput:
    """A name a step reads: from an upstream step's output, or a parameter."""

    name: str
    step: str | None = None  # None: a parameter

    @property
    def is_parameter(self) -> bool:
        return self.step is None


@frozen
class Step:
    """A group of consecutive cells run as one unit, with what flows in and out.

    Attributes
    ----------
    name
        As marked (``step:NAME``, ``block:NAME``, ``%%mlops step NAME``).
    cells
        Its code cells, in notebook order.
    inputs
        Names it reads from upstream steps or parameters.
    outputs
        Names it defines that a later step reads, or that are metrics.
    after
        Steps named by explicit ``prev:`` / ``--after`` marks.
    imports
        Import statements of other steps whose names this step uses: modules are
        imported again, never passed as data.
    """

    name: str
    cells: tuple[CellRef, ...]
    inputs: tuple[StepInput, ...] = ()
    outputs: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The step's code: its cells' sources, one after the other."""
        return "\n\n".join(cell.source for cell in self.cells)

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs if i.is_parameter)

    @property
    def data_inputs(self) -> tuple[StepInput, ...]:
        return tuple(i for i in self.inputs if not i.is_parameter)


class EdgeKind(str, enum.Enum):
    DATA = "data"  # the downstream step reads variables the upstream one defines
    ORDER = "order"  # an explicit prev: / --after mark


@frozen
class Edge:
    """A dependency between two steps, with the reason shown to the user."""

    upstream: str
    downstream: str
    kind: EdgeKind
    variables: tuple[str, ...] = ()
    explanation: str = ""


@frozen
class Metric:
    """A pipeline metric: a variable printed by the ``pipeline-metrics`` cell."""

    name: str
    step: str


class ProblemKind(str, enum.Enum):
    CYCLE = "cycle"
    UNDEFINED_VARIABLE = "undefined-variable"
    UNKNOWN_STEP = "unknown-step"
    DUPLICATE_STEP = "duplicate-step"
    SYNTAX = "syntax"
    PARAMETER = "parameter"


@frozen
class Problem:
    """Why the notebook cannot become a pipeline as it is; names the cell to fix."""

    kind: ProblemKind
    message: str
    cell_id: str | None = None
    cell_index: int | None = None
    variable: str | None = None
    step: str | None = None


@frozen
class Pipeline:
    """A notebook as a pipeline: parameters, shared code, steps and their DAG."""

    name: str
    notebook: str | None
    parameters: tuple[Parameter, ...] = ()
    shared: tuple[CellRef, ...] = ()
    steps: tuple[Step, ...] = ()
    edges: tuple[Edge, ...] = ()
    metrics: tuple[Metric, ...] = ()
    problems: tuple[Problem, ...] = ()
    source_run: str | None = None
    extra: Mapping[str, JsonValue] = field(default_factory=dict)

    @property
    def shared_code(self) -> str:
        return "\n\n".join(cell.source for cell in self.shared)

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise InvalidInputError(
            f"No step {name!r} in pipeline {self.name}; its steps: "
            f"{', '.join(s.name for s in self.steps)}."
        )

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise InvalidInputError(
            f"Pipeline {self.name} has no parameter {name!r}; its parameters: {known}."
        )

    def upstream(self, name: str) -> tuple[str, ...]:
        """The steps ``name`` depends on, each once, in pipeline order."""
        names = {edge.upstream for edge in self.edges if edge.downstream == name}
        return tuple(step.name for step in self.steps if step.name in names)

    def metrics_of(self, step: str) -> tuple[str, ...]:
        return tuple(metric.name for metric in self.metrics if metric.step == step)

    def check(self) -> None:
        """Raise the validation problems, if any, as one `InvalidInputError`."""
        if self.problems:
            lines = "\n".join(f"  - {problem.message}" for problem in self.problems)
            count = len(self.problems)
            raise InvalidInputError(
                f"{self.notebook or self.name} cannot become a pipeline "
                f"({count} problem{'s' if count > 1 else ''}):\n{lines}"
            )

    def run_order(self) -> Iterator[Step]:
        """Steps in an order where each comes after its upstream steps.

        Steps are kept in notebook order wherever their dependencies allow it.
        A cyclic pipeline has a problem; `check` first.
        """
        done: set[str] = set()
        pending = list(self.steps)
        while pending:
            for index, step in enumerate(pending):
                if all(name in done for name in self.upstream(step.name)):
                    done.add(step.name)
                    del pending[index]
                    yield step
                    break
            else:
                raise InvalidInputError(
                    f"Steps {', '.join(s.name for s in pending)} depend on each other in a cycle."
                )
