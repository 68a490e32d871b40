"""Pushing a file of a run, or the value a run kept of a variable, without its kernel."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from trained_runs import record_training_run

from mlops_lab.core import ConflictError, NotFoundError, Store
from mlops_lab.core.registry import (
    ModelFormat,
    PushOptions,
    VersionRef,
    load_model,
    open_registry,
    push_captured_variable,
    push_run_file,
    run_files,
)


def test_a_logged_artifact_is_pushed_with_the_cell_that_wrote_it(store: Store) -> None:
    trained = record_training_run(store, pickle_artifact=True)
    with open_registry("local", store) as registry:
        version = push_run_file(
            registry, store, trained.run.id, "model.pkl", PushOptions("iris"), unpickle=True
        )
        shown = registry.get_version(VersionRef("iris", version=version.version))
    assert shown.file.format is ModelFormat.PICKLE
    assert shown.model.type == "sklearn.linear_model.LogisticRegression"
    assert shown.lineage is not None
    assert (shown.lineage.source.kind, shown.lineage.source.name) == ("artifact", "model.pkl")
    assert shown.lineage.training_cell is not None
    assert shown.lineage.training_cell.cell_id == "save"
    assert [c.cell_id for c in shown.lineage.cells] == ["imports", "read-data", "train"]
    loaded = load_model("models:/iris/1", store=store)
    np.testing.assert_array_equal(
        loaded.predict(trained.features),  # type: ignore[attr-defined]
        trained.model.predict(trained.features),
    )


def test_the_server_pushes_a_pickle_without_unpickling_it(store: Store) -> None:
    trained = record_training_run(store, pickle_artifact=True)
    with open_registry("local", store) as registry:
        version = push_run_file(
            registry, store, trained.run.id, "model.pkl", PushOptions("iris"), unpickle=False
        )
    assert version.model.type is None  # not read: reading a pickle runs its code
    assert version.file.format is ModelFormat.PICKLE


def test_a_file_the_run_wrote_is_pushed_when_unchanged(store: Store) -> None:
    trained = record_training_run(store, pickle_artifact=True)
    with open_registry("local", store) as registry:
        version = push_run_file(
            registry,
            store,
            trained.run.id,
            "notebooks/model.pkl",
            PushOptions("iris"),
            unpickle=False,
        )
        assert version.lineage is not None
        assert version.lineage.source.kind == "file"
        (store.path.parent / "notebooks" / "model.pkl").write_bytes(pickle.dumps("changed"))
        with pytest.raises(ConflictError, match="has changed since run"):
            push_run_file(
                registry,
                store,
                trained.run.id,
                "notebooks/model.pkl",
                PushOptions("iris"),
                unpickle=False,
            )
        assert registry.get_model("iris").version_count == 1


def test_a_plain_file_comes_back_as_the_path_of_a_copy(store: Store, tmp_path: Path) -> None:
    trained = record_training_run(store)
    weights = tmp_path / "weights.onnx"
    weights.write_bytes(b"\x08\x07onnx")
    with open_registry("local", store) as registry:
        version = push_run_file(
            registry,
            store,
            trained.run.id,
            "weights.onnx",
            PushOptions("onnx-model"),
            outside_paths=tmp_path,
            unpickle=True,
        )
    assert version.file.format is ModelFormat.FILE
    assert version.lineage is not None
    assert version.lineage.source.kind == "path"
    copy = load_model("models:/onnx-model/1", store=store, folder=tmp_path / "out")
    assert isinstance(copy, Path)
    assert copy.read_bytes() == b"\x08\x07onnx"


def test_unknown_files_name_the_run_files(store: Store) -> None:
    trained = record_training_run(store, pickle_artifact=True)
    detail = store.get_run_detail(trained.run.id)
    assert run_files(detail) == [("model.pkl", "artifact"), ("notebooks/model.pkl", "file")]
    with (
        open_registry("local", store) as registry,
        pytest.raises(NotFoundError, match=r"no artifact or written file 'nope\.pkl'.*model\.pkl"),
    ):
        push_run_file(
            registry, store, trained.run.id, "nope.pkl", PushOptions("iris"), unpickle=True
        )


def test_a_captured_variable_is_its_pickled_artifact(store: Store) -> None:
    trained = record_training_run(store, pickle_artifact=True)
    with open_registry("local", store) as registry:
        version = push_captured_variable(registry, store, trained.run.id, "model", PushOptions("x"))
    assert version.lineage is not None
    assert version.lineage.source.kind == "variable"
    assert version.lineage.training_cell is not None
    assert version.lineage.training_cell.cell_id == "train"


def test_a_variable_without_a_kept_value_says_how_to_push_it(store: Store) -> None:
    trained = record_training_run(store)
    with open_registry("local", store) as registry:
        with pytest.raises(NotFoundError, match=r"kept no value of 'model'.*%mlops push-model"):
            push_captured_variable(registry, store, trained.run.id, "model", PushOptions("iris"))
        with pytest.raises(NotFoundError, match="has no variable 'nope'; its variables: X, model"):
            push_captured_variable(registry, store, trained.run.id, "nope", PushOptions("iris"))
        assert registry.list_models() == ()
