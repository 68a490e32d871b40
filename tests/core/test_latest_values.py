"""Each run's latest metric values (migration 5): kept right by every write, and sorted pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mlops_lab.core import Run, RunQuery, Store, ValueSort
from mlops_lab.core.store._migrations import MIGRATIONS


def _latest(store_path: Path) -> dict[tuple[str, str], tuple[int, float]]:
    conn = sqlite3.connect(store_path / "store.db")
    try:
        return {
            (run_id, key): (step, value)
            for run_id, key, step, value in conn.execute(
                "SELECT run_id, key, step, value FROM latest_metrics"
            )
        }
    finally:
        conn.close()


def _recomputed(store_path: Path) -> dict[tuple[str, str], tuple[int, float]]:
    """The latest values worked out from the whole history, the slow way."""
    conn = sqlite3.connect(store_path / "store.db")
    try:
        latest: dict[tuple[str, str], tuple[int, float]] = {}
        for run_id, key, step, value in conn.execute(
            "SELECT run_id, key, step, value FROM metrics ORDER BY step"
        ):
            latest[(run_id, key)] = (step, value)
        return latest
    finally:
        conn.close()


def test_a_store_made_before_the_table_gets_it_filled_and_keeps_working(
    store_path: Path,
) -> None:
    store_path.mkdir(parents=True)
    conn = sqlite3.connect(store_path / "store.db", isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:4], start=1):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO experiments (id, name, created_at) VALUES (1, 'old', 0)")
    for i in range(3):
        conn.execute(
            "INSERT INTO runs (id, experiment_id, name, status, started_at)"
            " VALUES (?, 1, ?, 'finished', ?)",
            (f"{i:032x}", f"old-{i}", float(i)),
        )
        for step in range(5):
            # The last step holds the highest value for run 0, the lowest for run 2.
            conn.execute(
                "INSERT INTO metrics (run_id, key, step, value, logged_at) VALUES (?, ?, ?, ?, 0)",
                (f"{i:032x}", "acc", step, float(step if step < 4 else 10 - i * 5)),
            )
    conn.close()

    with Store.open(store_path) as store:
        assert store.info().schema_version == len(MIGRATIONS)
        page = store.list_runs(RunQuery(sort=ValueSort("metrics", "acc")))
        assert [r.name for r in page.runs] == ["old-0", "old-1", "old-2"]
        assert [r.metrics["acc"] for r in page.runs] == [10.0, 5.0, 0.0]
        store.log_metric(page.runs[2].id, "acc", 20.0)  # step 5, the new latest
        assert store.list_runs(RunQuery(filter="acc>=10")).total == 2
    assert _latest(store_path) == _recomputed(store_path)


def test_the_latest_values_follow_updates_and_deletions(store: Store, store_path: Path) -> None:
    runs = [store.start_run(name=f"r{i}") for i in range(3)]
    for run in runs:
        for step in range(4):
            store.log_metrics(run.id, {"loss": 1 / (step + 1), "acc": step / 4}, step=step)
    store.log_metrics(runs[0].id, {"loss": 0.01}, step=3)  # the latest step rewritten
    store.log_metrics(runs[1].id, {"loss": 9.0}, step=1)  # an older step rewritten
    store.log_metrics(runs[2].id, {"acc": 0.5})  # no step: after the last one
    assert _latest(store_path) == _recomputed(store_path)
    assert _latest(store_path)[(runs[0].id, "loss")] == (3, 0.01)
    assert _latest(store_path)[(runs[2].id, "acc")] == (4, 0.5)

    conn = sqlite3.connect(store_path / "store.db")
    with conn:
        # The latest step removed (as a tool editing the file might): the one before counts.
        conn.execute("DELETE FROM metrics WHERE run_id = ? AND step = 3", (runs[1].id,))
        # A step moved past the latest one.
        conn.execute(
            "UPDATE metrics SET step = 7 WHERE run_id = ? AND key = 'acc' AND step = 0",
            (runs[0].id,),
        )
        # The latest moved back before another step.
        conn.execute(
            "UPDATE metrics SET step = -1 WHERE run_id = ? AND key = 'loss' AND step = 3",
            (runs[2].id,),
        )
    conn.close()
    assert _latest(store_path) == _recomputed(store_path)
    assert _latest(store_path)[(runs[1].id, "loss")] == (2, 1 / 3)
    assert _latest(store_path)[(runs[0].id, "acc")] == (7, 0.0)

    store.delete_run(runs[0].id)
    assert _latest(store_path) == _recomputed(store_path)
    assert all(run_id != runs[0].id for run_id, _ in _latest(store_path))
    sorted_page = store.list_runs(RunQuery(sort=ValueSort("metrics", "loss")))
    # Both at 1/3 (step 2): the tie goes by id.
    assert [r.id for r in sorted_page.runs] == sorted([runs[1].id, runs[2].id], reverse=True)


def _all_pages(store: Store, size: int, **query: object) -> list[str]:
    names: list[str] = []
    offset = 0
    while True:
        page = store.list_runs(RunQuery(limit=size, offset=offset, **query))  # type: ignore[arg-type]
        names.extend(r.name for r in page.runs)
        offset += size
        if offset >= page.total:
            assert len(names) == page.total
            return names


@pytest.mark.parametrize("descending", [True, False])
def test_pages_sorted_by_a_value_put_ties_by_id_and_runs_without_it_last(
    store: Store, descending: bool
) -> None:
    expected: list[tuple[object, str, str]] = []  # (value or None, id, name)
    for i in range(11):
        run = store.start_run(name=f"r{i:02d}", notebook="a.ipynb" if i % 3 else "b.ipynb")
        if i % 4 != 3:  # runs 3, 7, 11 have neither the metric nor the param
            store.log_metrics(run.id, {"score": float(i % 3)}, step=0)
            # The value sorted is the latest; an earlier step would sort otherwise.
            store.log_metrics(run.id, {"score": float(i % 5)}, step=1)
            store.log_params(run.id, {"depth": None if i == 5 else i % 5})
        expected.append((None if i % 4 == 3 else i % 5, run.id, run.name))
    holding = sorted(
        (e for e in expected if e[0] is not None),
        key=lambda e: (e[0], e[1]),
        reverse=descending,
    )
    lacking = sorted((e for e in expected if e[0] is None), key=lambda e: e[1], reverse=descending)
    want = [name for _, _, name in holding + lacking]
    for size in (1, 3, 4, 100):
        assert (
            _all_pages(store, size, sort=ValueSort("metrics", "score"), descending=descending)
            == want
        )

    # A JSON null param sorts with the runs lacking it; a filter applies to both parts.
    params = [e for e in expected if e[0] is not None and e[2] != "r05"]
    nulls = [e for e in expected if e[0] is None or e[2] == "r05"]
    on_a = {f"r{i:02d}" for i in range(11) if i % 3}
    want_params = [
        name
        for _, _, name in sorted(params, key=lambda e: (e[0], e[1]), reverse=descending)
        + sorted(nulls, key=lambda e: e[1], reverse=descending)
        if name in on_a
    ]
    got = _all_pages(
        store, 2, sort=ValueSort("params", "depth"), descending=descending, filter="a.ipynb"
    )
    assert got == want_params


@pytest.mark.parametrize(
    "text",
    [
        "metrics.loss>0.1",
        "metrics.loss<=0.2",
        "params.model=tree",
        "params.lr>=1.0",
        "params.model!=tree",
        "tags.seed=4",
        "metrics.nothing>0",
        "loss>0.1",
        "lr<1",
        "nothing=3",
    ],
)
def test_a_single_comparison_counts_as_many_runs_as_the_filter_finds(
    store: Store, seeded: list[Run], text: str
) -> None:
    counted = store.list_runs(RunQuery(filter=text, limit=100))
    # A second term that every run passes takes the count through every run instead.
    checked = store.list_runs(RunQuery(filter=f"{text} run-", limit=100))
    assert counted.total == checked.total == len(checked.runs)
    assert [r.id for r in counted.runs] == [r.id for r in checked.runs]
