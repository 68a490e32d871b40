"""Requirements of a gate: parsed with ast (never evaluated), judged on two runs' values."""

from __future__ import annotations

import pytest

from mlops_lab.core.continuous import (
    MalformedRequirementError,
    check_requirements,
    parse_requirement,
)


@pytest.mark.parametrize(
    ("text", "metric", "op", "base", "bound"),
    [
        ("accuracy >= 0.9", "accuracy", ">=", None, 0.9),
        ("accuracy >= base - 0.01", "accuracy", ">=", 0.95, 0.94),
        ("loss <= base * 1.05", "loss", "<=", 2.0, 2.1),
        ("duration <= 2 * base", "duration", "<=", 10.0, 20.0),
        ("val.acc > -(base + 1) / 2", "val.acc", ">", 1.0, -1.0),
    ],
)
def test_well_formed_requirements(
    text: str, metric: str, op: str, base: float | None, bound: float
) -> None:
    requirement = parse_requirement(text)
    assert (requirement.metric, requirement.operator) == (metric, op)
    assert requirement.bound_value(base) == pytest.approx(bound)
    assert requirement.uses_base == (base is not None)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "accuracy",
        "accuracy >=",
        "0.9 <= accuracy",
        "accuracy >= 0.9 >= loss",
        "accuracy >= loss",
        "accuracy >= __import__('os').system('true')",
        "accuracy >= base.real",
        "accuracy >= 'high'",
        "accuracy >= 2 ** 10",
        "accuracy in [1, 2]",
        "base >= 1",
    ],
)
def test_malformed_requirements_are_refused_naming_them(text: str) -> None:
    with pytest.raises(MalformedRequirementError, match="Malformed requirement"):
        parse_requirement(text)


def test_verdicts_name_both_values_and_a_missing_metric_fails() -> None:
    requirements = [parse_requirement(t) for t in ("acc >= base + 1", "loss < 1", "f1 > 0")]
    result = check_requirements(
        requirements, {"acc": 0.9, "loss": 0.5}, {"acc": 0.8}, candidate_label="c", base_label="b"
    )
    assert not result.passed
    assert [v.passed for v in result.verdicts] == [False, True, False]
    assert result.verdicts[0].message == "acc >= base + 1: acc = 0.9, required >= 1.8 (base 0.8)"
    assert "no metric 'f1'" in result.verdicts[2].message


def test_base_without_a_baseline_is_an_error() -> None:
    with pytest.raises(ValueError, match="--against"):
        check_requirements(
            [parse_requirement("acc >= base")], {"acc": 1.0}, None, candidate_label="c"
        )
