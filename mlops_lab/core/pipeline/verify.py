"""Proof of equivalence: the pipeline's metrics against those of the notebook run.

The notebook's metrics are what its run logged (``%mlops metric``,
``mlops_lab.log_metric``) and, for the metrics a ``pipeline-metrics`` cell
prints, the numeric variables the run left (the kernel records each with its
exact ``repr``). The reference run is the notebook's newest finished run with
the same parameter values as the pipeline run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from ..frozen import frozen
from ..records import JsonValue, Run, RunDetail
from ..store.store import Store
from .run_record import notebook_runs

__all__ = [
    "Equivalence",
    "MetricComparison",
    "compare_metrics",
    "matching_notebook_run",
    "notebook_metrics",
]

# A float's repr, alone or wrapped as NumPy 2 shows scalars: np.float64(0.25).
_NUMBER = re.compile(r"^(?:np\.\w+\()?([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\)?$")


@frozen
class MetricComparison:
    name: str
    pipeline: float | None
    notebook: float | None
    equal: bool


@frozen
class Equivalence:
    """The verdict: equal when every pipeline metric matches the notebook's."""

    source_run: str
    metrics: tuple[MetricComparison, ...]

    @property
    def equal(self) -> bool:
        return all(row.equal for row in self.metrics)


def notebook_metrics(detail: RunDetail, names: list[str] | None = None) -> dict[str, float]:
    """The run's metrics, plus numeric variables it left for ``names`` it did not log."""
    metrics = dict(detail.run.metrics)
    for name in names or []:
        if name in metrics:
            continue
        variable = detail.variables.get(name)
        if variable is None or variable.repr is None:
            continue
        match = _NUMBER.match(variable.repr.strip())
        if match:
            metrics[name] = float(match.group(1))
    return metrics


def compare_metrics(
    pipeline: Mapping[str, float],
    notebook: Mapping[str, float],
    *,
    source_run: str,
    rel_tol: float = 1e-9,
    abs_tol: float = 1e-12,
) -> Equivalence:
    """Compare each pipeline metric with the notebook's, within the tolerances."""
    rows = []
    for name in sorted(pipeline):
        ours, theirs = pipeline[name], notebook.get(name)
        equal = theirs is not None and math.isclose(ours, theirs, rel_tol=rel_tol, abs_tol=abs_tol)
        rows.append(MetricComparison(name, ours, theirs, equal))
    return Equivalence(source_run=source_run, metrics=tuple(rows))


def matching_notebook_run(
    store: Store, notebook: str, parameters: Mapping[str, JsonValue]
) -> Run | None:
    """The newest finished run of the notebook (not a pipeline run) with these parameter values."""
    for run in notebook_runs(store, notebook):
        if all(run.params.get(name) == value for name, value in parameters.items()):
            return run
    return None
