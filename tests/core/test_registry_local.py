"""The local registry: numbered versions, aliases, lineage and loading, in the store itself."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

import numpy as np
import pytest
from trained_runs import DATA, NOTEBOOK, TRAINING_CODE, record_training_run

from mlops_lab.core import InvalidInputError, NotFoundError, Store, fingerprint_file
from mlops_lab.core.registry import (
    ModelFormat,
    PushOptions,
    VersionRef,
    load_model,
    model_version_to_json,
    open_registry,
    push_value,
    registered_model_to_json,
)


def push(store: Store, value: object, name: str = "iris", **options: object) -> int:
    run = store.list_runs().runs[0]
    with open_registry("local", store) as registry:
        version = push_value(
            registry,
            store,
            run.id,
            "model",
            value,
            PushOptions(name, **options),  # type: ignore[arg-type]
        )
    return version.version


def test_pushes_number_versions_from_one_per_model(store: Store) -> None:
    trained = record_training_run(store)
    assert push(store, trained.model) == 1
    assert push(store, trained.model) == 2
    assert push(store, trained.model, name="other") == 1
    with open_registry(None, store) as registry:
        models = {m.name: m for m in registry.list_models()}
        assert sorted(models) == ["iris", "other"]
        assert (models["iris"].latest_version, models["iris"].version_count) == (2, 2)
        assert [v.version for v in registry.list_versions("iris")] == [2, 1]
        latest = registry.get_version(VersionRef("iris"))
        assert latest.version == 2
        assert latest.run_id == trained.run.id


def test_aliases_point_at_one_version_and_move(store: Store) -> None:
    trained = record_training_run(store)
    push(store, trained.model, alias="champion")
    push(store, trained.model)
    with open_registry("local", store) as registry:
        assert registry.get_version(VersionRef("iris", alias="champion")).version == 1
        moved = registry.set_alias("iris", 2, "champion")
        assert moved.aliases == ("champion",)
        assert registry.get_version(VersionRef("iris", version=1)).aliases == ()
        registry.set_alias("iris", 1, "baseline")
        assert registry.get_model("iris").aliases == {"baseline": 1, "champion": 2}


def test_lineage_leads_to_the_run_cells_data_environment_and_git(store: Store) -> None:
    trained = record_training_run(store)
    push(store, trained.model, description="first", tags={"team": "ml"})
    project = store.path.parent
    with open_registry("local", store) as registry:
        version = registry.get_version(VersionRef("iris", version=1))
    body = model_version_to_json(version)
    lineage = body["lineage"]
    assert lineage["run"]["id"] == trained.run.id
    assert lineage["notebook"] == {
        "path": NOTEBOOK,
        "fingerprint": fingerprint_file(project / NOTEBOOK).fingerprint,
    }
    assert lineage["source"]["kind"] == "variable"
    assert lineage["source"]["name"] == "model"
    assert lineage["training_cell"]["cell_id"] == "train"
    assert lineage["training_cell"]["code"] == TRAINING_CODE
    assert len(lineage["training_cell"]["code_object"]) == 64
    assert lineage["training_cell"]["code_object"] in store.objects
    assert [c["cell_id"] for c in lineage["cells"]] == ["imports", "read-data"]
    assert lineage["data"] == [
        {
            "path": DATA,
            "size": (project / DATA).stat().st_size,
            "fingerprint": fingerprint_file(project / DATA).fingerprint,
        }
    ]
    assert lineage["environment"]["packages"]["scikit-learn"]
    assert "scikit-learn==" in lineage["requirements"]
    assert lineage["requirements_object"] in store.objects
    assert lineage["params"] == {"max_iter": 500}
    assert lineage["metrics"]["accuracy"] > 0.9
    assert lineage["git"] == {"commit": "0" * 40, "branch": "main", "dirty": False, "remotes": {}}
    assert body["model"]["type"] == "sklearn.linear_model.LogisticRegression"
    assert body["model"]["framework"] == "scikit-learn"
    assert body["model"]["framework_version"] == lineage["environment"]["packages"]["scikit-learn"]
    assert body["model"]["signature"] == {
        "inputs": {"n_features": 4},
        "outputs": {"classes": [0, 1, 2]},
    }
    assert body["artifact"]["format"] == "cloudpickle"
    assert body["artifact"]["object"] in store.objects
    assert (body["description"], body["tags"]) == ("first", {"team": "ml"})


def test_load_model_by_version_and_alias_returns_an_equal_model(store: Store) -> None:
    trained = record_training_run(store)
    push(store, trained.model, alias="champion")
    for uri in ("models:/iris/1", "models:/iris@champion", "models:/iris", "iris/1"):
        loaded = load_model(uri, store=store)
        assert type(loaded) is type(trained.model)
        assert loaded.get_params() == trained.model.get_params()  # type: ignore[attr-defined]
        np.testing.assert_array_equal(loaded.coef_, trained.model.coef_)  # type: ignore[attr-defined]
        np.testing.assert_array_equal(
            loaded.predict(trained.features),  # type: ignore[attr-defined]
            trained.model.predict(trained.features),
        )
    # by path, as a script outside the kernel would
    assert load_model("models:/iris/1", store=store.path) is not None


def test_a_class_defined_in_the_notebook_survives(store: Store) -> None:
    record_training_run(store)

    class Doubler:  # defined here, like a class in a notebook's __main__
        def predict(self, x: list[int]) -> list[int]:
            return [2 * v for v in x]

    push(store, Doubler(), name="doubler")
    loaded = load_model("models:/doubler/1", store=store)
    assert loaded.predict([1, 2]) == [2, 4]  # type: ignore[attr-defined]


def test_secrets_stay_out_of_descriptions_and_tags(store: Store) -> None:
    trained = record_training_run(store)
    token = "ghp_" + "a1" * 18
    push(store, trained.model, description=f"token {token}", tags={"auth": f"Bearer {token}"})
    with open_registry("local", store) as registry:
        version = registry.get_version(VersionRef("iris", version=1))
    assert token not in json.dumps(model_version_to_json(version))


def registry_rows(store: Store) -> tuple[int, int, int]:
    with store.database.read() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("registered_models", "model_versions", "model_aliases")
        )


def test_an_unpicklable_object_is_refused_and_leaves_the_registry_unchanged(
    store: Store,
) -> None:
    trained = record_training_run(store)
    push(store, trained.model)
    before = registry_rows(store)
    with pytest.raises(InvalidInputError, match="cannot be serialized with cloudpickle"):
        push(store, threading.Lock())
    with pytest.raises(InvalidInputError, match="cannot be serialized"):
        push(store, (i for i in range(3)), name="new-model")
    assert registry_rows(store) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "bad/name"}, "cannot name a model"),
        ({"name": ""}, "cannot name a model"),
        ({"name": "iris", "alias": "latest"}, "cannot be an alias"),
        ({"name": "iris", "alias": "v2"}, "cannot be an alias"),
        ({"name": "iris", "alias": "1st"}, "cannot be an alias"),
    ],
)
def test_bad_names_and_aliases_are_refused(options: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        PushOptions(**options)


def test_unknown_models_versions_and_aliases_say_what_exists(store: Store) -> None:
    trained = record_training_run(store)
    push(store, trained.model)
    with open_registry("local", store) as registry:
        with pytest.raises(NotFoundError, match=r"No model named 'nope'.*the models: iris"):
            registry.get_version(VersionRef("nope", version=1))
        with pytest.raises(NotFoundError, match="has no version 7; its versions: 1"):
            registry.get_version(VersionRef("iris", version=7))
        with pytest.raises(NotFoundError, match="has no alias 'gold'"):
            registry.get_version(VersionRef("iris", alias="gold"))
        with pytest.raises(NotFoundError, match="has no version 3"):
            registry.set_alias("iris", 3, "champion")
        with pytest.raises(NotFoundError):
            registry.list_versions("nope")
    assert registry_rows(store) == (1, 1, 0)


def test_an_unknown_run_or_variable_source_is_refused(store: Store) -> None:
    trained = record_training_run(store)
    with open_registry("local", store) as registry, pytest.raises(NotFoundError):
        push_value(registry, store, "f" * 32, "model", trained.model, PushOptions("iris"))
    assert registry_rows(store) == (0, 0, 0)


def _push_many(path: str, count: int) -> list[int]:
    with Store.open(path) as store:
        run = store.list_runs().runs[0]
        with open_registry("local", store) as registry:
            return [
                push_value(registry, store, run.id, "x", [i], PushOptions("shared")).version
                for i in range(count)
            ]


def test_concurrent_pushes_get_consecutive_numbers(store: Store, store_path: Path) -> None:
    record_training_run(store)
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        results = pool.starmap(_push_many, [(str(store_path), 5)] * 4)
    numbers = sorted(n for result in results for n in result)
    assert numbers == list(range(1, 21))
    with open_registry("local", store) as registry:
        assert registry.get_model("shared").version_count == 20


def test_models_list_as_json(store: Store) -> None:
    trained = record_training_run(store)
    push(store, trained.model, alias="champion")
    with open_registry("local", store) as registry:
        (model,) = registry.list_models()
    body = registered_model_to_json(model)
    assert body["name"] == "iris"
    assert body["registry"] == "local"
    assert body["latest_version"] == 1
    assert body["aliases"] == {"champion": 1}
    assert body["created_at"].endswith("Z")


def test_formats_say_whether_a_version_unpickles() -> None:
    assert ModelFormat.CLOUDPICKLE.is_pickle
    assert ModelFormat.PICKLE.is_pickle
    assert not ModelFormat.FILE.is_pickle
