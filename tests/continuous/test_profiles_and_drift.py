"""Data profiles (bounded, mergeable) and drift between a training profile and a batch."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mlops_lab.core.continuous import (
    Thresholds,
    compare_profiles,
    profile_frame,
    profile_to_json,
)
from mlops_lab.core.continuous.profile import (
    MAX_COLUMN_BYTES,
    SAMPLE_ROWS,
    column_size,
    profile_from_json,
)
from mlops_lab.core.errors import InvalidInputError


def frame(seed: int, rows: int = 3000, shift: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "x": rng.normal(10.0, 2.0, rows) + shift,
            "n": rng.integers(0, 5, rows),
            "colour": rng.choice(["red", "green", "blue"], rows, p=[0.5, 0.3, 0.2]),
        }
    )


def test_a_profile_has_types_counts_statistics_and_reads_back() -> None:
    data = frame(1)
    data.loc[:9, "x"] = np.nan
    profile = profile_frame(data, source="t.csv", fingerprint="abc")
    x = profile.column("x")
    assert x is not None
    assert (x.kind, x.count, x.missing) == ("number", 2990, 10)
    assert x.mean == pytest.approx(10.0, abs=0.2)
    assert x.histogram is not None
    assert sum(x.histogram.cells()) == pytest.approx(2990)
    colour = profile.column("colour")
    assert colour is not None
    assert colour.kind == "category"
    assert [label for label, _ in colour.top] == ["red", "green", "blue"]
    again = profile_from_json(json.loads(json.dumps(profile_to_json(profile))))
    assert again == profile


def test_a_column_profile_stays_under_64_kib_whatever_the_data() -> None:
    rng = np.random.default_rng(0)
    rows = SAMPLE_ROWS * 2
    wide = pd.DataFrame(
        {
            "labels": [f"{'x' * 5000}-{i}" for i in rng.integers(0, 10**9, rows)],
            "values": rng.standard_cauchy(rows),
        }
    )
    profile = profile_frame(wide)
    assert profile.sampled_rows == SAMPLE_ROWS
    assert all(column_size(c) <= MAX_COLUMN_BYTES for c in profile.columns)


def test_histograms_over_the_same_range_merge() -> None:
    training = profile_frame(frame(1))
    first = profile_frame(frame(2), reference=training).column("x")
    second = profile_frame(frame(3), reference=training).column("x")
    assert first is not None
    assert second is not None
    assert first.histogram is not None
    assert second.histogram is not None
    merged = first.histogram.merge(second.histogram)
    assert sum(merged.cells()) == pytest.approx(6000)


def test_the_same_distribution_does_not_drift_and_a_shift_does() -> None:
    training = profile_frame(frame(1))
    same = compare_profiles(training, profile_frame(frame(2), reference=training))
    assert not same.drifted, same
    shifted = compare_profiles(training, profile_frame(frame(2, shift=4.0), reference=training))
    drifted = [c.column for c in shifted.columns if c.drifted]
    assert drifted == ["x"]
    x = shifted.columns[0]
    assert x.psi is not None
    assert x.psi > 1
    assert x.ks_statistic is not None
    assert x.ks_statistic > 0.5


def test_categories_and_schema_changes() -> None:
    training = profile_frame(frame(1))
    batch = frame(2).drop(columns=["n"]).assign(extra=1)
    batch["colour"] = np.random.default_rng(3).choice(["red", "blue"], len(batch), p=[0.1, 0.9])
    result = compare_profiles(training, profile_frame(batch, reference=training))
    assert [c.column for c in result.columns if c.drifted] == ["colour"]
    assert {(s.column, s.change, s.drifted) for s in result.schema} == {
        ("n", "missing", True),
        ("extra", "new", False),
    }
    outside = compare_profiles(
        training, profile_frame(batch, reference=training), inputs={"x", "colour"}
    )
    assert [s.drifted for s in outside.schema if s.column == "n"] == [False]


def test_thresholds_parse_and_refuse_nonsense() -> None:
    assert Thresholds.parse(["psi=0.3", "missing=0.2"]) == Thresholds(psi=0.3, missing=0.2)
    for bad in ("psi", "psi=x", "nope=1", "ks=-1"):
        with pytest.raises(InvalidInputError, match="Malformed threshold"):
            Thresholds.parse([bad])


def test_missing_values_are_counted_exactly_in_an_all_float_table() -> None:
    values = np.random.default_rng(0).normal(size=(SAMPLE_ROWS * 3, 3))
    values[::7, 1] = np.nan
    values[5, 2] = np.inf
    profile = profile_frame(pd.DataFrame(values, columns=["a", "b", "c"]))
    assert [c.missing for c in profile.columns] == [0, len(values[::7]), 0]
    assert profile.rows == SAMPLE_ROWS * 3
