"""Sharing runs through a real ``mlflow server``: push, pull, the outbox, plain-MLflow runs.

One MLflow server serves the session (tests/mlflow_server.py); each test uses its
own experiment names, so the server's runs never mix between tests. The outbox
test stops the server and starts it again on the same port and database.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import nbformat
import pytest
from mlflow import MlflowClient
from mlflow.entities import ViewType
from mlflow_server import MlflowServer, free_port
from nbformat.v4 import new_code_cell, new_notebook

from mlops_lab.cli import main
from mlops_lab.core import Store

# A bound against a hang, not a measure of speed.
PROMPTLY = 120.0


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), stdout=out)
    return code, out.getvalue(), err.getvalue()


def ok(*argv: str) -> str:
    code, out, err = cli(*argv)
    assert code == 0, err
    return out


def cli_json(*argv: str) -> Any:
    return json.loads(ok(*argv, "--json"))


@pytest.fixture(autouse=True)
def quick_mlflow(monkeypatch: pytest.MonkeyPatch) -> None:
    """No store from the environment; MLflow's client fails at once on a dead server."""
    monkeypatch.delenv("MLOPS_LAB_STORE", raising=False)
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.setenv("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")


def project(root: Path) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "data" / "train.csv").write_text("x,y\n1,2\n3,4\n")
    Store.open(root / ".mlops-lab").close()
    return root


def store_of(root: Path) -> str:
    return str(root / ".mlops-lab")


def write_notebook(path: Path, experiment_tag: str) -> Path:
    sources = [
        "lr = 0.1\nepochs = 3",
        "import mlops_lab\nrows = open('data/train.csv').read().splitlines()",
        "for step in range(epochs):\n"
        "    mlops_lab.log_metric('loss', 1 / (lr * (step + 1)), step=step)\n"
        f"mlops_lab.set_tag('suite', '{experiment_tag}')",
    ]
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [new_code_cell(source, id=f"cell-{i}") for i, source in enumerate(sources)]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)
    return path


def track(root: Path, name: str) -> str:
    """Track ``name.ipynb`` in ``root``; its run id."""
    notebook = write_notebook(root / f"{name}.ipynb", name)
    out = ok("track", str(notebook), "-p", "lr", "0.5")
    return out.strip()


@pytest.fixture
def client(mlflow_server: str) -> MlflowClient:
    return MlflowClient(tracking_uri=mlflow_server)


def mlflow_runs(client: MlflowClient, run_id: str) -> list[Any]:
    """Every MLflow run mirroring our run ``run_id``, in every experiment."""
    experiments = [e.experiment_id for e in client.search_experiments()]
    return list(
        client.search_runs(
            experiments, f"tags.`mlops_lab.run_id` = '{run_id}'", run_view_type=ViewType.ALL
        )
    )


def artifact_paths(client: MlflowClient, run_id: str, path: str | None = None) -> list[str]:
    paths = []
    for info in client.list_artifacts(run_id, path):
        paths.extend(artifact_paths(client, run_id, info.path) if info.is_dir else [info.path])
    return paths


def without_origin(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "origin"}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = project(tmp_path / "alice")
    monkeypatch.chdir(root)
    return root


def test_push_then_pull_gives_the_same_record(
    here: Path, tmp_path: Path, mlflow_server: str, client: MlflowClient
) -> None:
    ok("remote", "add", "team", f"mlflow:{mlflow_server}")
    run_id = track(here, "roundtrip")
    first = ok("push", "team")
    assert run_id[:8] in first
    assert "created" in first

    (mirror,) = mlflow_runs(client, run_id)
    data = mirror.data
    assert data.params == {"lr": "0.5", "epochs": "3"}
    assert data.tags["mlflow.source.name"] == "roundtrip.ipynb"
    assert data.tags["suite"] == "roundtrip"
    assert "mlflow.source.git.commit" not in data.tags  # not a git repository
    assert data.tags["mlflow.note.content"].startswith("Notebook run recorded by mlops-lab")
    assert [(m.step, m.value) for m in client.get_metric_history(mirror.info.run_id, "loss")] == [
        (0, 2.0),
        (1, 1.0),
        (2, 2 / 3),
    ]
    (dataset,) = mirror.inputs.dataset_inputs
    local = cli_json("show", run_id)
    (data_file,) = [f for f in local["data"] if f["path"] == "data/train.csv"]
    assert data_file["fingerprint"].split(":")[-1].startswith(dataset.dataset.digest)
    paths = artifact_paths(client, mirror.info.run_id)
    assert {"mlops_lab/run.json", "mlops_lab/record.json", "requirements.txt"} <= set(paths)
    assert "notebook/roundtrip.ipynb" in paths
    assert mirror.info.status == "FINISHED"

    # pushed again: nothing new is sent, no second run, no second point
    again = ok("push", "team", run_id)
    assert "updated: 0 params, 0 metric points, 0 artifacts" in again
    assert len(mlflow_runs(client, run_id)) == 1
    assert len(client.get_metric_history(mirror.info.run_id, "loss")) == 3

    # a teammate's project pulls it back whole
    bob = project(tmp_path / "bob")
    os.chdir(bob)
    ok("remote", "add", "team", f"mlflow:{mlflow_server}")
    assert "1 new" in ok("pull", "team", "--experiment", "roundtrip.ipynb")
    pulled = cli_json("show", run_id)
    assert without_origin(pulled) == without_origin(local)
    assert pulled["origin"]["remote"] == "team"
    assert pulled["origin"]["run_id"] == mirror.info.run_id
    assert "1 unchanged" in ok("pull", "team", "--experiment", "roundtrip.ipynb")
    assert [r["id"] for r in cli_json("runs", "--scope", "team")] == [run_id]
    assert cli_json("runs", "--scope", "local") == []
    code, _, err = cli("rename", run_id, "mine")
    assert code == 1
    assert "read-only" in err

    # a local run of bob's beside it
    mine = track(bob, "roundtrip")
    assert "params" in ok("diff", run_id, mine)


def test_a_plain_mlflow_run_is_pulled_and_compared(
    here: Path, mlflow_server: str, client: MlflowClient
) -> None:
    experiment = client.create_experiment("plain-mlflow-users")
    made = client.create_run(experiment, run_name="by hand", tags={"mlflow.user": "carol"})
    plain_id = made.info.run_id
    client.log_param(plain_id, "lr", "0.2")
    for step in range(4):
        client.log_metric(plain_id, "loss", 1 / (step + 1), step=step)
    client.set_tag(plain_id, "mlflow.source.git.commit", "c" * 40)
    client.set_terminated(plain_id)

    ok("remote", "add", "team", f"mlflow:{mlflow_server}")
    since = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    assert "1 new" in ok("pull", "team", "--experiment", "plain-mlflow-users", "--since", since)
    (pulled,) = cli_json("runs", "--scope", "team")
    assert pulled["origin"] == {
        "remote": "team",
        "url": f"mlflow:{mlflow_server}",
        "run_id": plain_id,
        "user": "carol",
    }
    assert pulled["params"] == {"lr": 0.2}
    assert pulled["git"]["commit"] == "c" * 40
    detail = cli_json("show", pulled["id"])
    assert [p["step"] for p in detail["metric_history"]["loss"]] == [0, 1, 2, 3]

    local = track(here, "plain-compare")
    diff = json.loads(ok("diff", pulled["id"], local, "--json"))
    assert diff["params"]


def test_many_params_and_metric_points_fit_mlflows_limits(
    here: Path, mlflow_server: str, client: MlflowClient
) -> None:
    with Store.open(store_of(here)) as store:
        run = store.start_run(experiment="limits")
        store.log_params(run.id, {f"p{i:03d}": i for i in range(250)})
        store.log_params(run.id, {"long": "x" * 7000})
        store.log_metric_points(
            run.id, [(f"m{k}", float(s), s, None) for k in range(5) for s in range(500)]
        )
        store.end_run(run.id)
    ok("remote", "add", "team", f"mlflow:{mlflow_server}")
    assert "251 params, 2500 metric points" in ok("push", "team", run.id)
    (mirror,) = mlflow_runs(client, run.id)
    assert len(mirror.data.params) == 251
    assert "characters, in mlops_lab/params.json" in mirror.data.params["long"]
    for key in ("m0", "m4"):
        assert len(client.get_metric_history(mirror.info.run_id, key)) == 500


def test_a_creation_whose_answer_was_lost_is_found_not_made_again(
    here: Path, mlflow_server: str, client: MlflowClient
) -> None:
    ok("remote", "add", "team", f"mlflow:{mlflow_server}")
    with Store.open(store_of(here)) as store:
        run = store.start_run(experiment="lost-answer")
        store.log_metric_points(run.id, [("loss", 1.0 / (s + 1), s, None) for s in range(5)])
        store.end_run(run.id)
        # the server made the run, the answer never came back: the store noted the attempt
        experiment = client.create_experiment("lost-answer")
        made = client.create_run(experiment, tags={"mlops_lab.run_id": run.id})
        store.save_mirror("team", run.id, "", {"creating": True})
    assert "5 metric points" in ok("push", "team", run.id)
    (mirror,) = mlflow_runs(client, run.id)
    assert mirror.info.run_id == made.info.run_id
    assert mirror.data.tags["mlflow.note.content"].startswith("Notebook run recorded")
    assert "mlops_lab/record.json" in artifact_paths(client, made.info.run_id)

    # a mirror kept without the run's artifact URI (an earlier mlops-lab) still uploads
    with Store.open(store_of(here)) as store:
        kept = store.mirror("team", run.id)
        assert kept is not None
        sent = {k: v for k, v in kept.sent.items() if k not in ("artifact_uri", "artifacts")}
        store.save_mirror("team", run.id, kept.remote_run_id, sent)
    assert "0 metric points, 3 artifacts" in ok("push", "team", run.id)
    assert len(mlflow_runs(client, run.id)) == 1
    paths = artifact_paths(client, made.info.run_id)
    assert len(paths) == len(set(paths))


def test_an_unreachable_server_keeps_the_runs_queued(here: Path) -> None:
    ok("remote", "add", "down", f"mlflow:http://127.0.0.1:{free_port()}")
    with Store.open(store_of(here)) as store:
        run = store.start_run(experiment="offline")
        store.end_run(run.id)
    out = ok("push", "down", run.id)
    assert "1 runs kept in the outbox" in out
    assert "unreachable" in out
    status = cli_json("sync", "down", "--status")
    assert [e["run_id"] for e in status] == [run.id]
    assert "unreachable" in status[0]["last_error"]
    info = cli_json("info")
    assert info["sync"]["pending"] == 1
    assert info["sync"]["failing"] == 1


def test_the_outbox_drains_once_after_the_server_comes_back(
    here: Path, mlflow_process: MlflowServer, client: MlflowClient
) -> None:
    url = f"mlflow:{mlflow_process.url}"
    ok("remote", "add", "team", url, "--auto")
    # a run of many batches, pushed by another process that the server dies under
    with Store.open(store_of(here)) as store:
        big = store.start_run(experiment="outbox-big")
        store.log_metric_points(
            big.id, [(f"m{k}", float(s), s, None) for k in range(10) for s in range(8000)]
        )
        store.end_run(big.id)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    pusher = subprocess.Popen(
        [sys.executable, "-m", "mlops_lab.cli", "push", "team", big.id],
        cwd=here,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + PROMPTLY
        while not _has_points(client, big.id) and time.monotonic() < deadline:
            time.sleep(0.05)
        mlflow_process.stop()
        out, err = pusher.communicate(timeout=PROMPTLY)
        assert pusher.returncode == 0, err
        assert "1 runs kept in the outbox" in out  # it died mid-way: exit 0, the run queued
        # the server down: a tracked run with --auto waits in the outbox
        offline = track(here, "outbox-auto")
        queued = {e["run_id"] for e in cli_json("sync", "team", "--status")}
        assert offline in queued
    finally:
        if not mlflow_process.running:
            mlflow_process.start()
    ok("sync", "team")
    assert cli_json("sync", "team", "--status") == []
    for run_id, keys, points in ((big.id, 10, 8000), (offline, 1, 3)):
        (mirror,) = mlflow_runs(client, run_id)
        assert len(mirror.data.metrics) == keys
        history = client.get_metric_history(mirror.info.run_id, sorted(mirror.data.metrics)[0])
        assert len(history) == points  # each point once, whatever the retries sent
        paths = artifact_paths(client, mirror.info.run_id)
        assert len(paths) == len(set(paths))
        assert "mlops_lab/record.json" in paths
        assert mirror.info.status == "FINISHED"


def _has_points(client: MlflowClient, run_id: str) -> bool:
    try:
        found = mlflow_runs(client, run_id)
        return bool(found and found[0].data.metrics)
    except Exception:
        return False
