"""The CI baseline: the latest finished run of the notebook on main or master."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from mlops_lab.core import Store
from mlops_lab.core.continuous import latest_on_default_branch

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


def run_on(store: Store, minute: int, branch: str | None, *, status: str = "finished") -> str:
    started = EPOCH + timedelta(minutes=minute)
    run = store.start_run(notebook="train.ipynb", started_at=started)
    if branch is not None:
        store.set_run_context(run.id, git={"commit": "a" * 40, "branch": branch, "dirty": False})
    store.end_run(run.id, status, ended_at=started + timedelta(seconds=5))
    return run.id


def test_the_latest_finished_run_on_the_default_branch(store: Store) -> None:
    assert latest_on_default_branch(store, "train.ipynb") is None
    older_main = run_on(store, 0, "main")
    master = run_on(store, 1, "master")
    run_on(store, 2, "feature")
    run_on(store, 3, "main", status="failed")
    run_on(store, 4, None)
    found = latest_on_default_branch(store, "train.ipynb")
    assert found is not None
    assert found.id == master
    again = latest_on_default_branch(store, "train.ipynb", exclude=master)
    assert again is not None
    assert again.id == older_main
    assert latest_on_default_branch(store, "other.ipynb") is None
