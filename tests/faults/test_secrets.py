"""No secret stored, none printed: every byte of the store and of stderr is searched for each."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
import pytest
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
