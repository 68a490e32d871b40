"""The run store: runs, their values and cells, listing, deleting, and bad input."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mlops_lab.core import (
    SCHEMA_VERSION,
    CellError,
    CellStatus,
    ConflictError,
    InvalidInputError,
    Run,
    RunNotFoundError,
    RunQuery,
    RunSortKey,
    RunStatus,
    Store,
    StoreError,
)
from mlops_lab.core.store import store as store_module


def test_a_new_run_is_running_and_named_after_its_notebook(store: Store) -> None:
    first = store.start_run(notebook="nb/train.ipynb")
    second = store.start_run(notebook="nb/train.ipynb")
    assert first.status is RunStatus.RUNNING
    assert first.experiment == "nb/train.ipynb"
    assert (first.name, second.name) == ("train #1", "train #2")
    assert first.ended_at is None
    assert first.duration is None
    assert len(first.id) == 32


def test_ending_a_run_sets_status_and_duration(store: Store) -> None:
    started = datetime(2026, 3, 1, tzinfo=timezone.utc)
    run = store.start_run(experiment="exp", started_at=started)
    ended = store.end_run(run.id, "failed", ended_at=started + timedelta(seconds=90))
    assert ended.status is RunStatus.FAILED
    assert ended.duration == pytest.approx(90)
    with pytest.raises(ConflictError, match="already ended"):
        store.end_run(run.id)


def test_params_metrics_and_tags_are_kept_with_latest_values(store: Store) -> None:
    run = store.start_run(experiment="exp")
    store.log_params(run.id, {"lr": 0.1, "layers": [64, 32], "opt": {"name": "adam"}})
    store.log_params(run.id, {"lr": 0.1})  # the same value again: nothing changes
    with pytest.raises(ConflictError, match="fixed once set"):
        store.log_params(run.id, {"lr": 0.2, "new": 1})  # refused whole
    store.log_params(run.id, {"lr": 0.2}, amend=["lr"])
    store.log_metric(run.id, "loss", 0.9)
    store.log_metric(run.id, "loss", 0.5)
    store.log_metric(run.id, "acc", 0.7, step=10)
    store.log_metric(run.id, "acc", 0.6, step=3)
    store.set_tags(run.id, {"stage": "dev"})
    got = store.get_run(run.id)
    assert got.params == {"lr": 0.2, "layers": [64, 32], "opt": {"name": "adam"}}
    assert got.metrics == {"loss": 0.5, "acc": 0.7}  # the value at the highest step
    assert got.tags == {"stage": "dev"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, r: s.log_params(r, {"f": object()}), "must be a JSON value"),
        (lambda s, r: s.log_metric(r, "m", float("nan")), "finite"),
        (lambda s, r: s.log_metric(r, "m", "high"), "must be a number"),
        (lambda s, r: s.log_metric(r, "m", 1.0, step=-1), "step"),
        (lambda s, r: s.set_tags(r, {"": "x"}), "non-empty"),
        (lambda s, r: s.end_run(r, "running"), "finished, failed or killed"),
        (lambda s, r: s.end_run(r, "done"), "Unknown run status"),
    ],
)
def test_bad_values_are_refused_with_a_message_and_change_nothing(
    store: Store, call: object, message: str
) -> None:
    run = store.start_run(experiment="exp")
    before = store.info().revision
    with pytest.raises(InvalidInputError, match=message):
        call(store, run.id)  # type: ignore[operator]
    assert store.info().revision == before
    assert store.get_run(run.id).status is RunStatus.RUNNING


def test_cells_are_recorded_in_execution_order_with_code_as_objects(store: Store) -> None:
    run = store.start_run(experiment="exp")
    now = datetime.now(timezone.utc)
    store.record_cell(run.id, code="a = 1", started_at=now, duration=0.1, execution_count=1)
    store.record_cell(
        run.id,
        code="1/0",
        started_at=now,
        duration=0.2,
        execution_count=2,
        cell_id="c2",
        error=CellError("ZeroDivisionError", "division by zero"),
    )
    store.record_cell(run.id, code="a = 1", started_at=now, duration=0.1, execution_count=3)
    detail = store.get_run_detail(run.id)
    assert [c.seq for c in detail.cells] == [1, 2, 3]
    assert [c.code for c in detail.cells] == ["a = 1", "1/0", "a = 1"]
    assert detail.cells[1].status is CellStatus.ERROR
    assert detail.cells[1].error == CellError("ZeroDivisionError", "division by zero")
    assert detail.cells[1].cell_id == "c2"
    assert detail.run.cell_count == 3
    # identical code is one object
    objects = [p for p in (store.path / "objects").rglob("*") if p.is_file()]
    assert len(objects) == 2


def test_runs_are_found_by_unique_prefix(store: Store, seeded: list[Run]) -> None:
    run = seeded[0]
    assert store.get_run(run.id[:8]).id == run.id
    assert store.get_run(run.id.upper()).id == run.id
    with pytest.raises(RunNotFoundError, match="mlops-lab runs"):
        store.get_run("ffff" if not run.id.startswith("ffff") else "0000ffff")
    with pytest.raises(RunNotFoundError):
        store.get_run("not-a-run")


def test_an_ambiguous_prefix_asks_for_more(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = iter(["abcd" + "0" * 28, "abcd" + "1" * 28])
    monkeypatch.setattr(store_module, "_random_id", lambda: next(ids))
    store.start_run(experiment="e")
    store.start_run(experiment="e")
    with pytest.raises(InvalidInputError, match="matches several runs"):
        store.get_run("abcd")
    assert store.get_run("abcd1").id == "abcd" + "1" * 28
    with pytest.raises(InvalidInputError, match="too short"):  # under 4 is never a prefix
        store.get_run("abc")


def test_listing_pages_filters_and_sorts(store: Store, seeded: list[Run]) -> None:
    page = store.list_runs(RunQuery(limit=5))
    assert page.total == 12
    assert [r.name for r in page.runs] == [f"run-{i:03d}" for i in (11, 10, 9, 8, 7)]
    second = store.list_runs(RunQuery(limit=5, offset=5))
    assert [r.name for r in second.runs] == [f"run-{i:03d}" for i in (6, 5, 4, 3, 2)]

    train = store.list_runs(RunQuery(notebook="train.ipynb", limit=50))
    assert train.total == 6
    assert {r.notebook for r in train.runs} == {"train.ipynb"}
    failed = store.list_runs(RunQuery(status=RunStatus.FAILED, limit=50))
    assert [r.name for r in failed.runs] == ["run-011", "run-008", "run-005", "run-002"]
    by_exp = store.list_runs(RunQuery(experiment="eda/explore.ipynb", limit=50))
    assert by_exp.total == 6

    longest = store.list_runs(RunQuery(sort=RunSortKey.DURATION, limit=1))
    assert longest.runs[0].name == "run-011"
    by_name = store.list_runs(RunQuery(sort=RunSortKey.NAME, descending=False, limit=2))
    assert [r.name for r in by_name.runs] == ["run-000", "run-001"]
    first = page.runs[0]
    assert first.params["model"] == "tree"
    assert first.metrics == {"loss": pytest.approx(1 / 14)}


def test_page_bounds_are_checked() -> None:
    with pytest.raises(InvalidInputError, match="limit"):
        RunQuery(limit=501)
    with pytest.raises(InvalidInputError, match="offset"):
        RunQuery(offset=-1)


def test_deleting_a_run_removes_everything_under_it(store: Store, seeded: list[Run]) -> None:
    victim = seeded[3]
    store.delete_run(victim.id[:10])
    with pytest.raises(RunNotFoundError):
        store.get_run(victim.id)
    assert store.info().run_count == 11
    with pytest.raises(RunNotFoundError):
        store.delete_run(victim.id)


def test_revision_grows_with_every_visible_change(store: Store) -> None:
    seen = [store.info().revision]
    run = store.start_run(experiment="e")
    seen.append(store.info().revision)
    store.log_metric(run.id, "m", 1.0)
    seen.append(store.info().revision)
    store.end_run(run.id)
    seen.append(store.info().revision)
    store.delete_run(run.id)
    seen.append(store.info().revision)
    assert seen == sorted(set(seen))


def test_experiments_are_listed_with_their_run_counts(store: Store, seeded: list[Run]) -> None:
    assert [(e.name, e.run_count) for e in store.list_experiments()] == [
        ("eda/explore.ipynb", 6),
        ("train.ipynb", 6),
    ]


def test_reopening_keeps_everything(store_path: Path, store: Store, seeded: list[Run]) -> None:
    store.close()
    with Store.open(store_path) as again:
        info = again.info()
        assert (info.run_count, info.schema_version) == (12, SCHEMA_VERSION)
        assert again.get_run_detail(seeded[4].id).cells[1].code == "x = 4"


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="timezone-aware"):
        store.start_run(experiment="e", started_at=datetime(2026, 1, 1))


def test_a_project_folder_is_not_mistaken_for_a_store(tmp_path: Path) -> None:
    (tmp_path / ".mlops-lab").mkdir()
    with pytest.raises(StoreError, match="project folder"):
        Store.open(tmp_path)


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        Store.open(tmp_path / "file")


def test_a_missing_parent_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="parent folder exists"):
        Store.open(tmp_path / "no" / "such" / ".mlops-lab")


def test_a_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / ".mlops-lab"
    folder.mkdir()
    (folder / "store.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="Cannot open the store database"):
        Store.open(folder)


def test_metrics_are_logged_in_one_batch_or_not_at_all(store: Store) -> None:
    run = store.start_run(experiment="e")
    store.log_metrics(run.id, {"loss": 0.4, "acc": 0.8}, step=5)
    with pytest.raises(InvalidInputError, match="'bad' must be a number"):
        store.log_metrics(run.id, {"loss": 0.1, "bad": "x"})  # type: ignore[dict-item]
    assert store.get_run(run.id).metrics == {"loss": 0.4, "acc": 0.8}
