"""No secret stored, none printed: every byte of the store and of stderr is searched for each."""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbformat.v4 import new_code_cell, new_notebook

from mlops_lab.cli import main
from mlops_lab.core import Store

TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
PASSWORD = "s3cr3t-Pa55word"
URL = f"https://alice:{PASSWORD}@example.invalid/data"
ENV_SECRET = "env-only-Secret-9f8e7d6c"


def store_bytes(store_path: Path) -> bytes:
    """The database, its journal and every object, concatenated."""
    return b"".join(path.read_bytes() for path in sorted(store_path.rglob("*")) if path.is_file())


def leaked(data: bytes) -> list[str]:
    return [s for s in (TOKEN, PASSWORD, ENV_SECRET) if s.encode() in data]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEAM_API_KEY", ENV_SECRET)
    Store.open(tmp_path / ".mlops-lab").close()
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [
        new_code_cell("token = ''\nurl = ''", metadata={"tags": ["parameters"]}),
        new_code_cell(
            "import os\nkey = os.environ['TEAM_API_KEY']\nseen = [token, url, key]",
            metadata={"tags": ["step:use"]},
        ),
        new_code_cell("raise ValueError(f'bad {token} {url} {key}')"),
    ]
    nbformat.write(nb, tmp_path / "train.ipynb")
    return tmp_path


def cli(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(args), stdout=out)
    return code, out.getvalue() + err.getvalue()


def test_track_and_pipeline_run_store_and_print_no_secret(project: Path) -> None:
    code, printed = cli("track", "train.ipynb", "-p", "token", TOKEN, "-p", "url", URL)
    assert code == 1  # the last cell fails, quoting every secret in its message
    assert leaked(printed.encode()) == []

    nb = nbformat.read(project / "train.ipynb", as_version=4)
    nb.cells.pop()
    nbformat.write(nb, project / "train.ipynb")
    assert cli("export", "train.ipynb")[0] == 0
    code, printed = cli("pipeline", "run", "train-pipeline", "-p", "token", TOKEN, "-p", "url", URL)
    assert code == 0, printed
    assert leaked(printed.encode()) == []

    assert leaked(store_bytes(project / ".mlops-lab")) == []


def test_a_failing_command_prints_no_secret(project: Path) -> None:
    code, printed = cli("runs", "--store", f"/nonexistent/{TOKEN}/{ENV_SECRET}")
    assert code == 1
    assert leaked(printed.encode()) == []


# -- a live kernel, push, export, diff ---------------------------------------------------


def _execute(client: Any, code: str) -> str:
    """Run ``code`` in a kernel; what it printed (streams, errors)."""
    msg_id = client.execute(code, allow_stdin=False)
    printed = []
    while True:
        message = client.get_iopub_msg(timeout=120)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind, body = message["msg_type"], message["content"]
        if kind == "stream":
            printed.append(body["text"])
        elif kind == "error":
            printed.append(f"{body['ename']}: {body['evalue']}\n")
        elif kind == "status" and body["execution_state"] == "idle":
            return "".join(printed)


def ours(printed: str) -> str:
    """The lines mlops-lab printed in a kernel (the user's own prints are theirs)."""
    return "\n".join(line for line in printed.splitlines() if "mlops-lab" in line)


def test_a_live_kernel_and_push_model_store_and_print_no_secret(project: Path) -> None:
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(project), env={**os.environ, "JPY_SESSION_NAME": "live.ipynb"})
    client = manager.client()
    client.start_channels()
    cells = [
        "%load_ext mlops_lab",
        "import os\nkey = os.environ['TEAM_API_KEY']",
        f"token = {TOKEN!r}\nurl = {URL!r}",
        "model = {'weights': [1, 2], 'auth': token, 'url': url, 'key': key}",
        "%mlops push-model model --name leaky",
        "import mlops_lab\nmlops_lab.log_params({'token': token, 'url': url, 'key': key})",
        "mlops_lab.set_tags({'auth': token})",
        "print(token, key)\nraise RuntimeError(f'failed with {token} {url} {key}')",
        "import mlops_lab.kernel as k\nprint(k.kernel_status())\nk.flush()",
    ]
    try:
        client.wait_for_ready(timeout=120)
        printed = [_execute(client, cell) for cell in cells]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    assert TOKEN in printed[-2]  # the user's own print is theirs to make
    assert leaked(ours("".join(printed)).encode()) == [], ours("".join(printed))
    assert leaked(printed[-1].encode()) == []

    with Store.open(project / ".mlops-lab") as store:
        (run,) = store.list_runs().runs
        assert run.cell_count == len(cells) - 1
        with store.database.read() as conn:
            (model,) = conn.execute("SELECT artifact_object FROM model_versions").fetchone()
    # the pushed model is the user's value, kept as it is to load back; nothing else holds it
    artifact = project / ".mlops-lab" / "objects" / model[:2] / model[2:]
    assert TOKEN.encode() in artifact.read_bytes()
    everything_else = b"".join(
        path.read_bytes()
        for path in sorted((project / ".mlops-lab").rglob("*"))
        if path.is_file() and path != artifact
    )
    assert leaked(everything_else) == []

    outputs = [cli(*args) for args in (("show", run.id[:8]), ("models", "show", "leaky"))]
    assert [code for code, _ in outputs] == [0, 0]
    assert leaked("".join(text for _, text in outputs).encode()) == []


def test_export_and_diff_store_and_print_no_secret(project: Path) -> None:
    nb = nbformat.read(project / "train.ipynb", as_version=4)
    nb.cells[0].source = f"token = {TOKEN!r}\nurl = {URL!r}"
    nb.cells.pop()
    nbformat.write(nb, project / "train.ipynb")
    code, printed = cli("export", "train.ipynb")
    assert code == 0, printed
    outputs = [printed]
    for value in ("a", "b"):
        code, printed = cli("track", "train.ipynb", "-p", "url", f"{URL}?{value}")
        outputs.append(printed)
        assert code == 0, printed
    first, second = (run["id"] for run in json.loads(cli("runs", "--json")[1]))
    for args in (("diff", first, second), ("diff", first, second, "--json"), ("show", first)):
        code, printed = cli(*args)
        assert code == 0, printed
        outputs.append(printed)
    code, printed = cli("track", "missing.ipynb", "-p", "token", TOKEN)
    assert code != 0
    outputs.append(printed)
    assert leaked("".join(outputs).encode()) == []
    assert leaked(store_bytes(project / ".mlops-lab")) == []
