"""The Recorder: what every kind of run stores, cleaned the same way."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mlops_lab.core import CellError, FileMode, Store, VariableChange, VariableChangeKind
from mlops_lab.core.capture.file_access import file_accesses, ignored_roots, logging_files
from mlops_lab.core.capture.recorder import LoggedMetric, Recorder
from mlops_lab.core.capture.redaction import EnvironmentValues
from mlops_lab.core.capture.run_context import environment_record

TOKEN = "ghp_" + "Z9y8X7w6V5" * 3 + "u4T3s2"
SECRET_VALUE = "hunter2-but-longer"  # an environment variable's value


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / ".mlops-lab") as opened:
        yield opened


def recorder_of(store: Store) -> Recorder:
    run = store.start_run(notebook="n.ipynb")
    return Recorder(store, run.id, EnvironmentValues({"MY_SECRET": SECRET_VALUE}))


def test_every_stored_string_is_cleaned(store: Store) -> None:
    recorder = recorder_of(store)
    recorder.log_params({"token": TOKEN, "nested": {"api_key": "abc"}, "env": SECRET_VALUE})
    recorder.set_tags({"note": f"see {TOKEN}"})
    recorder.record_cell(
        code=f'key = "{TOKEN}"\nprint("{SECRET_VALUE}")',
        started_at=datetime.now(timezone.utc),
        duration=0.1,
        error=CellError("ValueError", f"bad {SECRET_VALUE}"),
        variables=[VariableChange("key", VariableChangeKind.CREATED, repr=repr(TOKEN))],
    )
    detail = store.get_run_detail(recorder.run_id)
    text = repr(detail)
    assert TOKEN not in text
    assert SECRET_VALUE not in text
    assert detail.run.params["token"] == "[REDACTED]"
    assert detail.run.params["nested"] == {"api_key": "[REDACTED]"}
    assert detail.run.tags["note"] == "see [REDACTED]"
    assert detail.cells[0].error == CellError("ValueError", "bad [REDACTED]")
    assert detail.variables["key"].repr == "'[REDACTED]'"


def test_a_metric_history_keeps_every_step_and_time(store: Store) -> None:
    recorder = recorder_of(store)
    start = datetime(2024, 5, 1, tzinfo=timezone.utc)
    recorder.log_metric_history(
        [LoggedMetric("loss", 1.0 / i, i, start + timedelta(seconds=i)) for i in range(1, 4)]
        + [LoggedMetric("loss", 0.1, None, start + timedelta(seconds=9))]
    )
    points = store.get_run_detail(recorder.run_id).metric_history["loss"]
    assert [(p.step, p.value) for p in points] == [(1, 1.0), (2, 0.5), (3, 1 / 3), (4, 0.1)]
    assert [p.logged_at for p in points] == [start + timedelta(seconds=s) for s in (1, 2, 3, 9)]


def test_the_context_is_git_host_and_environment(store: Store, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.txt").write_text("a")
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    for args in (["init", "-q"], [*identity, "add", "."], [*identity, "commit", "-qm", "a"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True)
    head = subprocess.check_output(["git", "-C", str(repo), "rev-parse", "HEAD"], text=True)
    recorder = recorder_of(store)
    recorder.capture_context(repo, environment_record())
    detail = store.get_run_detail(recorder.run_id)
    assert detail.git is not None
    assert detail.git["commit"] == head.strip()
    assert detail.host is not None
    assert detail.host["python"]
    assert detail.environment is not None
    assert detail.requirements


def test_files_opened_are_recorded_with_fingerprints(store: Store, tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("x\n1\n")
    with logging_files(ignored_roots(store.path)) as log:
        data.read_text()
        (tmp_path / "out.txt").write_text("written")
        store.get_run_detail(store.start_run().id)  # the store's own files: not the code's
    accesses = {a.path: a for a in file_accesses(log, tmp_path, store.stat_cache)}
    assert set(accesses) == {"data.csv", "out.txt"}
    assert accesses["data.csv"].mode is FileMode.READ
    assert accesses["out.txt"].mode is FileMode.WRITE
    assert accesses["data.csv"].fingerprint
    assert accesses["data.csv"].size == 4
