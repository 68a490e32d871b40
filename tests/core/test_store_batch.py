"""`Store.batch`: several writes as one transaction, each write inside it a savepoint."""

from __future__ import annotations

import pytest

from mlops_lab.core import ConflictError, Store


def test_writes_in_a_batch_are_seen_by_other_processes_only_once_committed(store: Store) -> None:
    run = store.start_run(notebook="a.ipynb")
    with Store.open(store.path) as other, store.batch():
        store.log_params(run.id, {"lr": 0.1})
        store.set_tags(run.id, {"stage": "dev"})
        assert store.get_run(run.id).params == {"lr": 0.1}  # its own writes, read inside
        assert other.get_run(run.id).params == {}
    with Store.open(store.path) as other:
        detail = other.get_run(run.id)
        assert detail.params == {"lr": 0.1}
        assert detail.tags["stage"] == "dev"


def test_a_refused_write_inside_a_batch_undoes_only_itself(store: Store) -> None:
    run = store.start_run(notebook="a.ipynb")
    with store.batch():
        store.log_params(run.id, {"lr": 0.1})
        with pytest.raises(ConflictError):
            store.log_params(run.id, {"batch_size": 32, "lr": 0.2})
        store.set_tags(run.id, {"stage": "dev"})
    detail = store.get_run(run.id)
    assert detail.params == {"lr": 0.1}  # batch_size went with the refused write
    assert detail.tags["stage"] == "dev"


def test_an_error_out_of_a_batch_rolls_all_of_it_back(store: Store) -> None:
    run = store.start_run(notebook="a.ipynb")

    def write_then_fail() -> None:
        with store.batch():
            store.log_params(run.id, {"lr": 0.1})
            store.set_tags(run.id, {"stage": "dev"})
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_then_fail()
    detail = store.get_run(run.id)
    assert detail.params == {}
    assert "stage" not in detail.tags
    store.set_tags(run.id, {"stage": "after"})  # the store writes on as before
    assert store.get_run(run.id).tags["stage"] == "after"
