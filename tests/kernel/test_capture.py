"""What a real kernel captures per cell and per run: variables, files, environment, git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import Kernel

from mlops_lab.core import RunDetail, Store, run_detail_to_json


def detail_of(store_path: Path, kernel: Kernel | None = None) -> RunDetail:
    if kernel is not None:
        kernel.execute("%mlops status")  # waits until the kernel's writes are in the store
    with Store.open(store_path) as store:
        run = store.list_runs().runs[0]
        return store.get_run_detail(run.id)


def as_json(store_path: Path, kernel: Kernel) -> dict[str, Any]:
    return run_detail_to_json(detail_of(store_path, kernel))


@pytest.fixture
def tracked(kernel: Kernel) -> Kernel:
    assert kernel.execute("%load_ext mlops_lab")["status"] == "ok"
    return kernel


def test_out_of_order_runs_and_reruns_are_kept_in_execution_order(
    tracked: Kernel, store_path: Path
) -> None:
    tracked.execute("a = 1", cell_id="c1")
    tracked.execute("b = a + 1", cell_id="c2")
    tracked.execute("a = 10", cell_id="c1")  # c1 re-run after c2
    tracked.execute("b = a + 1", cell_id="c2")
    cells = detail_of(store_path, tracked).cells
    assert [(c.cell_id, c.code) for c in cells[:4]] == [
        ("c1", "a = 1"),
        ("c2", "b = a + 1"),
        ("c1", "a = 10"),
        ("c2", "b = a + 1"),
    ]
    assert [c.execution_count for c in cells[:4]] == [2, 3, 4, 5]


def test_variables_created_changed_and_deleted(tracked: Kernel, store_path: Path) -> None:
    tracked.execute("import numpy as np\nx = np.arange(12).reshape(3, 4)\nn = 5\nitems = [1, 2]")
    tracked.execute("items.append(3)")  # changed in place: same object, new content
    tracked.execute("print(n)")  # read only: not a change
    tracked.execute("del n")
    body = as_json(store_path, tracked)
    cells = body["cells"]
    assert cells[0]["variables"] == [
        {"name": "items", "change": "created"},
        {"name": "n", "change": "created"},
        {"name": "x", "change": "created"},
    ]
    assert cells[1]["variables"] == [{"name": "items", "change": "changed"}]
    assert cells[2]["variables"] == []
    assert cells[3]["variables"] == [{"name": "n", "change": "deleted"}]
    assert sorted(body["variables"]) == ["items", "x"]  # np is a module: not kernel state
    x = body["variables"]["x"]
    assert x["shape"] == [3, 4]
    assert x["dtype"] == "int64"
    assert x["nbytes"] == 96
    assert len(x["fingerprint"]) == 32
    assert body["variables"]["items"]["shape"] == [3]


def test_an_unpicklable_object_is_marked_not_an_error(tracked: Kernel, store_path: Path) -> None:
    reply, printed = tracked.run("gen = (i for i in range(3))\nok = 1")
    assert reply["status"] == "ok"
    assert "Traceback" not in printed
    variables = as_json(store_path, tracked)["variables"]
    assert variables["gen"]["fingerprint"] is None
    assert variables["gen"]["unfingerprintable"]
    assert variables["ok"]["fingerprint"] is not None


def test_a_file_written_then_read_is_fingerprinted(tracked: Kernel, store_path: Path) -> None:
    tracked.execute("with open('out.csv', 'w') as f:\n    f.write('a,b\\n1,2\\n')")
    tracked.execute("import pandas as pd\ndf = pd.read_csv('out.csv')")
    body = as_json(store_path, tracked)
    assert body["cells"][0]["files"] == [{"path": "notebooks/out.csv", "mode": "write"}]
    assert body["cells"][1]["files"] == [{"path": "notebooks/out.csv", "mode": "read"}]
    written, read = body["data"]
    assert written["mode"] == "write"
    assert read["mode"] == "read"
    assert written["fingerprint"] == read["fingerprint"]
    assert len(read["fingerprint"]) == 32
    assert read["size"] == 8
    assert body["variables"]["df"]["shape"] == [1, 2]
    assert body["variables"]["df"]["type"] == "pandas.DataFrame"


def test_environment_git_and_host_are_recorded(project: Path, store_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(
        ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@e",
         "commit", "-q", "--allow-empty", "-m", "start"],
        check=True,
    )  # fmt: skip
    subprocess.run(
        ["git", "-C", str(project), "remote", "add", "origin",
         "https://someone:s3cret-pass@example.com/repo.git"],
        check=True,
    )  # fmt: skip
    kernel = Kernel(project)
    try:
        kernel.execute("%load_ext mlops_lab")
        kernel.execute("v = 1")
        body = as_json(store_path, kernel)
    finally:
        kernel.shutdown()
    assert body["env"]["python"]
    assert "ipykernel" in body["env"]["packages"]
    assert body["git"]["commit"]
    assert body["git"]["branch"] in ("main", "master")
    assert "s3cret-pass" not in json.dumps(body["git"])
    assert body["host"]["cpu_count"] >= 1
    with Store.open(store_path) as store:
        requirements = store.get_run_detail(body["id"]).requirements
    assert requirements is not None
    assert "ipykernel==" in requirements


def test_magics_record_params_metrics_tags_and_new_runs(tracked: Kernel, store_path: Path) -> None:
    tracked.execute("%mlops param lr=0.1 layers=[64,32] model=tree")
    tracked.execute("%mlops metric loss=0.5 --step 1")
    tracked.execute("%mlops metric loss=0.25 --step 2")
    tracked.execute("%mlops tag stage=dev")
    _, printed = tracked.run("%mlops status")
    assert "recording" in printed
    body = as_json(store_path, tracked)
    assert body["params"] == {"lr": 0.1, "layers": [64, 32], "model": "tree"}
    assert body["metrics"] == {"loss": 0.25}
    assert body["tags"] == {"stage": "dev"}

    tracked.execute('%mlops run "second try"')
    tracked.execute("z = 3")
    with Store.open(store_path) as store:
        newest, first = store.list_runs().runs
        assert newest.name == "second try"
        assert newest.status.value == "running"
        assert first.status.value == "finished"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%mlops metric loss=high", "loss must be a number"),
        ("%mlops metric loss=0.1 --step x", "--step takes a whole number"),
        ("%mlops param lr", "expected KEY=VALUE"),
        ("%mlops tag", "needs KEY=VALUE pairs"),
        ("%mlops fly", "unknown command 'fly'"),
        ("%mlops run a b", "at most one NAME"),
    ],
)
def test_bad_magic_arguments_are_one_line_errors(tracked: Kernel, line: str, message: str) -> None:
    reply, printed = tracked.run(line)
    assert reply["status"] == "error"
    assert reply["ename"] == "UsageError"
    assert message in printed
    assert "Traceback" not in printed


def test_off_pauses_recording_and_on_resumes(tracked: Kernel, store_path: Path) -> None:
    tracked.execute("a = 1")
    tracked.execute("%mlops off")
    tracked.execute("b = 2")
    tracked.execute("%mlops on")
    tracked.execute("c = 3")
    codes = [c.code for c in detail_of(store_path, tracked).cells]
    assert "b = 2" not in codes
    # "%mlops off" is recorded (recording was on when it started), "%mlops on" is not
    assert codes[:3] == ["a = 1", "%mlops off", "c = 3"]


def test_the_parameters_cell_is_recorded_as_params(tracked: Kernel, store_path: Path) -> None:
    tracked.execute(
        "__import__('mlops_lab.kernel').kernel.declare_parameter_cells(['params'])", silent=True
    )
    tracked.execute("alpha = 0.5\nepochs = 3\nname = 'base'\nlayers = (8, 4)", cell_id="params")
    tracked.execute("beta = 1", cell_id="other")
    assert as_json(store_path, tracked)["params"] == {
        "alpha": 0.5,
        "epochs": 3,
        "name": "base",
        "layers": [8, 4],
    }


def test_the_python_api_logs_into_the_run(tracked: Kernel, store_path: Path) -> None:
    tracked.execute(
        "import mlops_lab\nmlops_lab.log_param('k', 3)\nmlops_lab.log_metric('acc', 0.9)\n"
        "mlops_lab.set_tag('who', 'me')\nopen('model.bin', 'wb').write(b'w')\n"
        "mlops_lab.log_artifact('model.bin')"
    )
    body = as_json(store_path, tracked)
    assert body["params"] == {"k": 3}
    assert body["metrics"] == {"acc": 0.9}
    assert body["tags"] == {"who": "me"}
    assert [a["name"] for a in body["artifacts"]] == ["model.bin"]


def test_secrets_in_code_are_redacted_before_they_are_stored(
    tracked: Kernel, store_path: Path
) -> None:
    token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
    tracked.execute(f"token = '{token}'\nurl = 'https://user:hunter2@db.example.com/x'")
    stored = "".join(
        p.read_text(errors="replace") for p in (store_path / "objects").rglob("*") if p.is_file()
    )
    assert token not in stored
    assert "hunter2" not in stored
    code = detail_of(store_path, tracked).cells[0].code
    assert "[REDACTED]" in code


def test_a_restart_starts_a_new_run(tracked: Kernel, store_path: Path) -> None:
    tracked.execute("a = 1")
    tracked.restart()
    tracked.execute("%load_ext mlops_lab")
    tracked.execute("b = 2")
    tracked.execute("%mlops status")
    with Store.open(store_path) as store:
        newest, first = store.list_runs().runs
        assert first.status.value == "finished"
        assert newest.status.value == "running"
        assert [c.code for c in store.get_run_detail(newest.id).cells][:1] == ["b = 2"]


def test_several_kernels_write_to_one_store_at_once(project: Path, store_path: Path) -> None:
    kernels = [Kernel(project, f"notebooks/nb{i}.ipynb") for i in range(3)]
    try:
        for k in kernels:
            k.execute("%load_ext mlops_lab")
        # interleaved: each kernel's cells land while the others write too
        for step in range(20):
            for k in kernels:
                k.client.execute(f"value = {step}\nitems = list(range({step}))")
        for k in kernels:
            k.execute("%mlops status")
    finally:
        for k in kernels:
            k.shutdown()
    with Store.open(store_path) as store:
        runs = store.list_runs().runs
        assert sorted(r.notebook or "" for r in runs) == [
            f"notebooks/nb{i}.ipynb" for i in range(3)
        ]
        for run in runs:
            codes = [c.code for c in store.get_run_detail(run.id).cells]
            assert [c for c in codes if c.startswith("value")] == [
                f"value = {s}\nitems = list(range({s}))" for s in range(20)
            ]
            assert run.status.value == "finished"


def test_no_environment_variable_value_reaches_the_store(
    project: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "env-secret-value-1234"
    monkeypatch.setenv("SERVICE_CREDENTIAL", secret)  # inherited by the kernel
    kernel = Kernel(project)
    try:
        kernel.execute("%load_ext mlops_lab")
        kernel.execute("import os\ncredential = os.environ['SERVICE_CREDENTIAL']")
        kernel.execute("%mlops param from_env=$SERVICE_CREDENTIAL")
        kernel.execute("mine = 'prefix ' + credential\nraise ValueError(credential)")
        kernel.execute("%mlops status")
    finally:
        kernel.shutdown()
    written = b"".join(p.read_bytes() for p in store_path.rglob("*") if p.is_file())
    assert secret.encode() not in written
    body = run_detail_to_json(detail_of(store_path))
    assert body["variables"]["credential"]["repr"] == "'[REDACTED]'"
    assert body["cells"][-2]["error"]["value"] == "[REDACTED]"
