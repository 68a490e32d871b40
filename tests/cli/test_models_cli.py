"""``mlops-lab models``: push, list, show, alias; exit codes and one-line errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from trained_runs import DATA, TRAINING_CODE, TrainedRun, record_training_run

from mlops_lab.cli import main
from mlops_lab.core import Store
from mlops_lab.core.registry import load_model


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


@pytest.fixture
def trained(store: Store) -> TrainedRun:
    return record_training_run(store, pickle_artifact=True)


def test_push_list_show_and_alias(trained: TrainedRun, store_path: Path) -> None:
    store = ("--store", str(store_path))
    run = trained.run.id
    code, out = run_cli("models", "push", run[:8], "--name", "iris", "--variable", "model", *store)
    assert (code, out.strip()) == (0, f"iris version 1 (local registry), from run {run[:8]}")
    code, out = run_cli(
        "models", "push", run, "--name", "iris", "--artifact", "model.pkl",
        "--alias", "champion", "--json", *store,
    )  # fmt: skip
    assert code == 0
    pushed = json.loads(out)
    assert (pushed["version"], pushed["aliases"]) == (2, ["champion"])

    code, out = run_cli("models", "list", "--json", *store)
    assert code == 0
    (listed,) = json.loads(out)
    assert (listed["name"], listed["latest_version"], listed["version_count"]) == ("iris", 2, 2)
    assert listed["aliases"] == {"champion": 2}

    code, out = run_cli("models", "alias", "iris", "1", "champion", *store)
    assert (code, out.strip()) == (0, "iris@champion -> version 1")

    code, out = run_cli("models", "show", "iris", "--json", *store)
    assert code == 0
    body = json.loads(out)
    assert [v["version"] for v in body["versions"]] == [2, 1]
    assert body["versions"][1]["aliases"] == ["champion"]
    assert all(v["lineage"] is None for v in body["versions"])  # lists leave lineage out


def test_show_a_version_with_its_lineage(trained: TrainedRun, store_path: Path) -> None:
    store = ("--store", str(store_path))
    run_cli("models", "push", trained.run.id, "--name", "iris", "--variable", "model", *store)
    code, out = run_cli("models", "show", "iris/1", "--json", *store)
    assert code == 0
    lineage = json.loads(out)["lineage"]
    assert lineage["run"]["id"] == trained.run.id
    assert lineage["training_cell"]["code"] == TRAINING_CODE
    assert [f["path"] for f in lineage["data"]] == [DATA]
    assert lineage["environment"]["packages"]["scikit-learn"]
    code, text = run_cli("models", "show", "iris@latest-nope", *store)
    assert code == 1
    code, text = run_cli("models", "show", "iris/1", *store)
    assert code == 0
    assert "the cell that made it ([3]):" in text
    assert TRAINING_CODE in text
    assert f"data      {DATA}" in text
    loaded = load_model("models:/iris/1", store=store_path)
    assert (
        loaded.predict(trained.features).tolist()
        == trained.model.predict(  # type: ignore[attr-defined]
            trained.features
        ).tolist()
    )


def test_an_empty_registry(store: Store, store_path: Path) -> None:
    code, out = run_cli("models", "list", "--store", str(store_path))
    assert code == 0
    assert "No models in this registry yet" in out
    code, out = run_cli("models", "list", "--json", "--store", str(store_path))
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["models", "push", "{run}", "--name", "iris"], 2, "--variable --artifact is required"),
        (["models", "push", "{run}", "--name", "bad/name", "--variable", "model"], 1,
         "cannot name a model"),
        (["models", "push", "{run}", "--name", "iris", "--variable", "nope"], 1,
         "has no variable 'nope'"),
        (["models", "push", "{run}", "--name", "iris", "--variable", "X"], 1,
         "kept no value of 'X'"),
        (["models", "push", "{run}", "--name", "iris", "--artifact", "missing.pkl"], 1,
         "No file"),
        (["models", "push", "ffffffff", "--name", "iris", "--variable", "model"], 1,
         "No run with id"),
        (["models", "push", "{run}", "--name", "iris", "--variable", "model", "--registry",
          "nexus"], 1, "Unknown registry 'nexus'"),
        (["models", "show", "iris/1"], 1, "No model named 'iris'"),
        (["models", "show", "iris/zero"], 1, "names no version"),
        (["models", "alias", "iris", "0", "champion"], 2, "versions start at 1"),
        (["models", "alias", "iris", "1", "champion"], 1, "No model named 'iris'"),
        (["models"], 2, "required: COMMAND"),
    ],
)  # fmt: skip
def test_mistakes_are_one_line_and_leave_the_registry_empty(
    trained: TrainedRun,
    store_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    message: str,
) -> None:
    args = [a.replace("{run}", trained.run.id) for a in argv]
    assert run_cli(*args, "--store", str(store_path))[0] == code
    error = capsys.readouterr().err
    assert message in error
    assert error.count("\n") == 1
    assert run_cli("models", "list", "--json", "--store", str(store_path))[1].strip() == "[]"


def test_no_environment_value_enters_the_description(
    trained: TrainedRun, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVICE_CREDENTIAL", "k7-aria-wolf-42")
    store = ("--store", str(store_path))
    code, out = run_cli(
        "models", "push", trained.run.id, "--name", "iris", "--variable", "model",
        "--description", "trained with k7-aria-wolf-42", "--json", *store,
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["description"] == "trained with [REDACTED]"
