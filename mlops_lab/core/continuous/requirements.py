"""Requirements of a gate (``accuracy >= base - 0.01``): parsed with `ast`, never evaluated.

A requirement compares one metric of the candidate run with a bound::

    METRIC OP BOUND        OP: < <= > >= == !=

``METRIC`` is a metric name (letters, digits, ``_`` and ``.``; ``duration`` is the
run's duration in seconds unless a metric has that name). ``BOUND`` is
arithmetic (``+ - * /``, parentheses, unary minus) over numbers and ``base``:
the same metric of the baseline run. Anything else (calls, attributes of
``base``, names other than ``base``) is refused before any value is read, so
a requirement can never run code.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence

from ..errors import InvalidInputError
from ..frozen import frozen
from ..records import Run

__all__ = [
    "DURATION",
    "GateResult",
    "MalformedRequirementError",
    "Requirement",
    "Verdict",
    "check_requirements",
    "parse_requirement",
    "run_values",
]

#: The pseudo-metric every run has: its duration in seconds.
DURATION = "duration"

_COMPARISONS: dict[type[ast.cmpop], tuple[str, Callable[[float, float], bool]]] = {
    ast.Lt: ("<", operator.lt),
    ast.LtE: ("<=", operator.le),
    ast.Gt: (">", operator.gt),
    ast.GtE: (">=", operator.ge),
    ast.Eq: ("==", operator.eq),
    ast.NotEq: ("!=", operator.ne),
}
_ARITHMETIC: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_METRIC = re.compile(r"^[A-Za-z_][\w.]*$")
_MAX_LENGTH = 500
_FORM = "write METRIC OP BOUND, e.g. 'accuracy >= 0.9' or 'loss <= base * 1.05'"


class MalformedRequirementError(InvalidInputError):
    """A requirement that does not parse (the command line exits 2 for it)."""


@frozen
class Requirement:
    """One parsed requirement; ``bound`` is checked arithmetic, kept as its syntax tree."""

    text: str
    metric: str
    operator: str
    bound: ast.expr
    uses_base: bool

    def bound_value(self, base: float | None) -> float:
        """The bound, with ``base`` the baseline's value of the metric."""
        return _evaluate(self.bound, base)

    def holds(self, value: float, bound: float) -> bool:
        compare = next(f for op, f in _COMPARISONS.values() if op == self.operator)
        return bool(compare(value, bound))


@frozen
class Verdict:
    """A requirement judged: the candidate's value, the baseline's, the bound and the outcome.

    ``message`` says why it failed (values, or a metric that is missing).
    """

    requirement: str
    metric: str
    operator: str
    candidate: float | None
    base: float | None
    bound: float | None
    passed: bool
    message: str


@frozen
class GateResult:
    """Every requirement judged; ``passed`` when all hold."""

    candidate: str
    base: str | None
    verdicts: tuple[Verdict, ...]

    @property
    def passed(self) -> bool:
        return all(v.passed for v in self.verdicts)

    @property
    def failures(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if not v.passed)


def parse_requirement(text: str) -> Requirement:
    """Parse one requirement; an `InvalidInputError` naming it when it is malformed."""
    source = text.strip() if isinstance(text, str) else ""
    if not source or len(source) > _MAX_LENGTH:
        raise MalformedRequirementError(f"Malformed requirement {text!r}: {_FORM}.")
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        raise MalformedRequirementError(f"Malformed requirement {text!r}: {_FORM}.") from None
    if not isinstance(tree, ast.Compare) or len(tree.ops) != 1:
        raise MalformedRequirementError(
            f"Malformed requirement {text!r}: it must be one comparison; {_FORM}."
        )
    metric = _metric_name(tree.left)
    if metric is None:
        raise MalformedRequirementError(
            f"Malformed requirement {text!r}: the left side must be a metric name; {_FORM}."
        )
    symbol, _ = _COMPARISONS.get(type(tree.ops[0]), ("", None))
    if not symbol:
        raise MalformedRequirementError(
            f"Malformed requirement {text!r}: compare with <, <=, >, >=, == or !=."
        )
    bound = tree.comparators[0]
    problem = _check_bound(bound)
    if problem:
        raise MalformedRequirementError(f"Malformed requirement {text!r}: {problem}; {_FORM}.")
    uses_base = any(isinstance(n, ast.Name) and n.id == "base" for n in ast.walk(bound))
    return Requirement(source, metric, symbol, bound, uses_base)


def check_requirements(
    requirements: Sequence[Requirement],
    candidate: Mapping[str, float],
    base: Mapping[str, float] | None,
    *,
    candidate_label: str,
    base_label: str | None = None,
) -> GateResult:
    """Judge each requirement on the candidate's values against the baseline's.

    Parameters
    ----------
    requirements
        Parsed with `parse_requirement`.
    candidate, base
        Each run's metrics (last values), with ``duration`` when the run has ended.
        ``base`` is None without a baseline: then a requirement on ``base`` is refused.
    candidate_label, base_label
        How the result names the runs (ids, ``NAME@ALIAS``).

    Raises
    ------
    InvalidInputError
        A requirement uses ``base`` and there is no baseline.
    """
    for requirement in requirements:
        if requirement.uses_base and base is None:
            raise InvalidInputError(
                f"Requirement {requirement.text!r} compares with base, but no baseline was "
                "given; name one with --against."
            )
    verdicts = tuple(_judge(r, candidate, base) for r in requirements)
    return GateResult(candidate_label, base_label, verdicts)


def run_values(run: Run) -> dict[str, float]:
    """What a requirement can name of a run: its metrics (last values) and its duration."""
    values = {DURATION: run.duration} if run.duration is not None else {}
    return {**values, **run.metrics}


def _judge(
    requirement: Requirement, candidate: Mapping[str, float], base: Mapping[str, float] | None
) -> Verdict:
    metric = requirement.metric
    value = candidate.get(metric)
    base_value = None if base is None else base.get(metric)

    def verdict(bound: float | None, passed: bool, message: str) -> Verdict:
        return Verdict(
            requirement.text, metric, requirement.operator, value, base_value, bound, passed,
            message,
        )  # fmt: skip

    if value is None:
        return verdict(None, False, f"{requirement.text}: the candidate has no metric {metric!r}")
    if requirement.uses_base and base_value is None:
        return verdict(None, False, f"{requirement.text}: the baseline has no metric {metric!r}")
    try:
        bound = requirement.bound_value(base_value)
    except ZeroDivisionError:
        return verdict(None, False, f"{requirement.text}: the bound divides by zero")
    passed = math.isfinite(value) and requirement.holds(value, bound)
    shown = f"{metric} = {_number(value)}, required {requirement.operator} {_number(bound)}"
    if base_value is not None and requirement.uses_base:
        shown += f" (base {_number(base_value)})"
    return verdict(bound, passed, f"{requirement.text}: {shown}")


def _number(value: float) -> str:
    return f"{value:.6g}"


def _metric_name(node: ast.expr) -> str | None:
    """``accuracy`` or a dotted ``val.accuracy``; None for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id == "base":
        return None
    parts.append(node.id)
    name = ".".join(reversed(parts))
    return name if _METRIC.match(name) else None


def _check_bound(node: ast.expr) -> str | None:
    """Why ``node`` is not plain arithmetic over numbers and ``base``, or None."""
    for child in ast.walk(node):
        if isinstance(child, ast.BinOp):
            if type(child.op) not in _ARITHMETIC:
                return "the bound may only use + - * / and parentheses"
        elif isinstance(child, ast.UnaryOp):
            if not isinstance(child.op, (ast.USub, ast.UAdd)):
                return "the bound may only use + - * / and parentheses"
        elif isinstance(child, ast.Constant):
            if isinstance(child.value, bool) or not isinstance(child.value, (int, float)):
                return f"{child.value!r} is not a number"
        elif isinstance(child, ast.Name):
            if child.id != "base":
                return f"the bound may only name base, not {child.id!r}"
        elif not isinstance(child, (ast.operator, ast.unaryop, ast.expr_context)):
            return "the bound may only hold numbers, base and + - * /"
    return None


def _evaluate(node: ast.expr, base: float | None) -> float:
    if isinstance(node, ast.Constant):
        return float(node.value)  # type: ignore[arg-type]  # a number, checked at parse time
    if isinstance(node, ast.Name):  # only base, checked at parse time
        if base is None:
            raise InvalidInputError("This requirement needs a baseline value.")
        return base
    if isinstance(node, ast.UnaryOp):
        inner = _evaluate(node.operand, base)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        return _ARITHMETIC[type(node.op)](_evaluate(node.left, base), _evaluate(node.right, base))
    raise InvalidInputError(f"Cannot evaluate {ast.dump(node)}.")  # unreachable after parsing
