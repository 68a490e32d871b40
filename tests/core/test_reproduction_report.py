"""Judging a reproduction in the core: metric tolerances and each kind of drift."""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mlops_lab.core import (
    CellError,
    CellExecution,
    CellStatus,
    FileAccess,
    FileMode,
    InvalidInputError,
    fingerprint_file,
)
from mlops_lab.core.reproduce import (
    MetricStatus,
    ReproductionReport,
    code_drift,
    compare_metrics,
    data_drift,
    environment_drift,
    parse_tolerances,
    replay_plan,
    report_to_json,
)

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def cell(
    seq: int,
    code: str,
    cell_id: str | None = None,
    *,
    error: bool = False,
    files: tuple[FileAccess, ...] = (),
) -> CellExecution:
    return CellExecution(
        run_id="r",
        seq=seq,
        execution_count=seq,
        cell_id=cell_id,
        code=code,
        started_at=NOW,
        duration=0.1,
        status=CellStatus.ERROR if error else CellStatus.OK,
        error=CellError("ValueError", "bad") if error else None,
        files=files,
    )


def test_whole_numbers_must_match_exactly_and_floats_to_1e_9() -> None:
    checks = compare_metrics(
        {"epochs": 10.0, "loss": 0.5, "acc": 0.9, "gone": 1.0},
        {"epochs": 10.0, "loss": 0.5 * (1 + 1e-12), "acc": 0.91, "extra": 3.0},
    )
    status = {c.name: c.status for c in checks}
    assert status == {
        "acc": MetricStatus.FAIL,
        "epochs": MetricStatus.PASS,
        "extra": MetricStatus.NEW,
        "gone": MetricStatus.MISSING,
        "loss": MetricStatus.PASS,
    }
    acc = next(c for c in checks if c.name == "acc")
    assert acc.difference == pytest.approx(0.01 / 0.9)
    assert [c.passed for c in checks] == [False, True, True, False, True]


def test_tolerances_per_metric_and_for_every_metric() -> None:
    tolerances = parse_tolerances(["acc=0.02", "*=1e-3"])
    assert tolerances == {"acc": 0.02, "*": 1e-3}
    checks = compare_metrics({"acc": 0.9, "loss": 1.0}, {"acc": 0.91, "loss": 1.01}, tolerances)
    assert [c.status for c in checks] == [MetricStatus.PASS, MetricStatus.FAIL]
    zero = compare_metrics({"errors": 0.0}, {"errors": 1.0}, {"*": 10.0})[0]
    assert zero.status is MetricStatus.FAIL
    assert math.isinf(zero.difference or 0)
    for bad in ("acc", "acc=x", "acc=-1", "=0.1", "acc=nan"):
        with pytest.raises(InvalidInputError, match="NAME=REL"):
            parse_tolerances([bad])


def test_the_plan_replays_ok_cells_in_execution_order() -> None:
    replay, skipped = replay_plan(
        [
            cell(1, "a = 1", "c1"),
            cell(2, "b = a / 0", "c2", error=True),
            cell(3, "a = 2", "c1"),
            cell(4, "%mlops run other"),
            cell(5, "   "),
        ]
    )
    assert [(c.seq, c.cell_id, c.code) for c in replay] == [(1, "c1", "a = 1"), (3, "c1", "a = 2")]
    assert skipped == (2, 4)


def test_code_drift_by_cell_id(tmp_path: Path) -> None:
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(
        json.dumps(
            {
                "cells": [
                    {"cell_type": "code", "id": "c1", "source": ["a = 1\n"]},
                    {"cell_type": "code", "id": "c2", "source": "b = 3"},
                    {"cell_type": "markdown", "id": "m", "source": "# text"},
                    {"cell_type": "code", "id": "new", "source": "c = 4"},
                ]
            }
        )
    )
    cells = [
        cell(1, "a = 1", "c1"),
        cell(2, "b = 2", "c2"),
        cell(3, "d = 5", "gone"),
        cell(4, "x = 1", "injected-parameters"),
    ]
    drift = code_drift(notebook, "nb.ipynb", cells)
    assert drift.found
    assert [(c.cell_id, c.change, c.recorded, c.current) for c in drift.cells] == [
        ("c2", "changed", "b = 2", "b = 3"),
        ("gone", "deleted", "d = 5", None),
        ("new", "added", None, "c = 4"),
    ]
    assert not code_drift(tmp_path / "missing.ipynb", "missing.ipynb", cells).found
    (tmp_path / "bad.ipynb").write_text("not json")
    assert not code_drift(tmp_path / "bad.ipynb", "bad.ipynb", cells).found


def package(name: str, version: str, origin: str = "index", url: str | None = None) -> dict:
    return {"name": name, "version": version, "origin": origin, "url": url}


def test_environment_drift_with_the_command_that_restores_it() -> None:
    recorded = {
        "python": "3.11.7",
        "packages": [
            package("numpy", "1.26.0"),
            package("pandas", "2.2.0"),
            package("mine", "0.1", "editable", "file:///work/mine"),
            package("same", "1.0"),
        ],
    }
    current = {
        "python": "3.12.1",
        "packages": [package("numpy", "2.0.0"), package("same", "1.0"), package("new", "3")],
    }
    drift = environment_drift(recorded, current)
    assert drift is not None
    assert (drift.recorded_python, drift.current_python) == ("3.11.7", "3.12.1")
    assert [(p.name, p.recorded, p.current) for p in drift.packages] == [
        ("mine", "0.1", None),
        ("new", None, "3"),
        ("numpy", "1.26.0", "2.0.0"),
        ("pandas", "2.2.0", None),
    ]
    assert drift.command == "pip install -e /work/mine numpy==1.26.0 pandas==2.2.0"
    assert environment_drift(None, current) is None


def test_data_drift_of_the_files_the_run_read(tmp_path: Path) -> None:
    (tmp_path / "train.csv").write_text("a,b\n1,2\n")
    (tmp_path / "same.csv").write_text("x\n")
    recorded_train = fingerprint_file(tmp_path / "train.csv").fingerprint
    same = fingerprint_file(tmp_path / "same.csv").fingerprint
    cells = [
        cell(1, "read", files=(FileAccess("train.csv", FileMode.READ, 8, recorded_train),)),
        cell(2, "write out", files=(FileAccess("out.csv", FileMode.WRITE, 3, "f" * 32),)),
        cell(
            3,
            "read back",
            files=(
                FileAccess("out.csv", FileMode.READ, 3, "f" * 32),  # its own output: not an input
                FileAccess("same.csv", FileMode.READ, 2, same),
                FileAccess("gone.csv", FileMode.READ, 2, "e" * 32),
            ),
        ),
    ]
    (tmp_path / "train.csv").write_text("a,b\n1,3\n")
    drift = data_drift(cells, tmp_path)
    assert [(d.path, d.status) for d in drift] == [
        ("train.csv", "changed"),
        ("gone.csv", "missing"),
    ]
    assert drift[0].recorded == recorded_train
    assert drift[0].current == fingerprint_file(tmp_path / "train.csv").fingerprint


def test_a_report_passes_only_when_every_metric_does_and_no_cell_failed() -> None:
    checks = compare_metrics({"acc": 0.9}, {"acc": 0.9})
    report = ReproductionReport("a" * 32, "b" * 32, checks, code_drift(None, None, []), None, ())
    assert report.passed
    body = report_to_json(report)
    assert body["passed"] is True
    assert body["metrics"][0] == {
        "name": "acc",
        "recorded": 0.9,
        "reproduced": 0.9,
        "tolerance": 1e-9,
        "difference": 0.0,
        "status": "pass",
        "passed": True,
    }
    failed = ReproductionReport("a" * 32, "b" * 32, checks, report.code, None, (), failure="x")
    assert not failed.passed
