"""A store on a read-only mount still opens, for reading: runs, show, diff, models, the API.

As root, ``chmod`` stops no write, so the store's folder is bind-mounted read-only
onto itself; skipped, saying why, where ``mount`` is not allowed.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from contract import check_schema
from jupyter_client.manager import KernelManager
from tornado.httpclient import HTTPClientError

from mlops_lab.cli import main
from mlops_lab.core import Store
from mlops_lab.core.errors import StoreReadOnlyError
from mlops_lab.core.store._database import unwritable_cause

TIMEOUT = 120


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), capture_output=True, text=True, check=False)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` read-only for everyone, root included, while inside."""
    mounted = _run("mount", "--bind", str(folder), str(folder))
    if mounted.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {mounted.stderr.strip() or 'not permitted'}")
    try:
        remounted = _run("mount", "-o", "remount,bind,ro", str(folder))
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remounted.stderr.strip()}")
        yield
    finally:
        if _run("umount", str(folder)).returncode != 0:
            _run("umount", "-l", str(folder))  # still busy (a server's connection): detach


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(args), stdout=out)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose store holds two runs and a registered model."""
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    model = project / "model.bin"
    model.write_bytes(b"weights")
    with Store.open(project / ".mlops-lab") as store:
        for lr in (0.1, 0.2):
            run = store.start_run(notebook="train.ipynb")
            store.log_params(run.id, {"lr": lr})
            store.log_metric(run.id, "loss", lr / 2)
            store.end_run(run.id)
    code, _, err = cli(
        "--store", str(project / ".mlops-lab"), "models", "push", run.id[:8],
        "--name", "clf", "--artifact", str(model),
    )  # fmt: skip
    assert code == 0, err
    return project


@pytest.fixture
def mounted(project: Path) -> Iterator[Path]:
    with read_only(project):
        yield project / ".mlops-lab"


def test_the_cli_reads_a_read_only_store_and_refuses_writes_in_one_line(mounted: Path) -> None:
    before = sorted(path.name for path in mounted.rglob("*"))
    store = ("--store", str(mounted))
    code, out, err = cli(*store, "runs", "--json")
    assert code == 0, err
    ids = [run["id"] for run in json.loads(out)]
    assert len(ids) == 2
    assert cli(*store, "show", ids[0][:8])[0] == 0
    code, out, err = cli(*store, "diff", ids[0][:8], ids[1][:8])
    assert (code, err) == (0, "")
    assert "lr" in out
    code, out, err = cli(*store, "models", "list")
    assert (code, err) == (0, "")
    assert "clf" in out

    code, out, err = cli(*store, "rename", ids[0][:8], "new name")
    assert code == 1
    assert err.count("\n") == 1, err
    assert "read-only" in err
    assert "Traceback" not in err
    assert "move the file aside" not in err
    # opening created nothing: no objects/tmp, no WAL files
    assert sorted(path.name for path in mounted.rglob("*")) == before


def test_every_store_write_raises_one_error_naming_the_cause(mounted: Path) -> None:
    with Store.open(mounted) as store:
        assert store.read_only is not None
        assert "the file system is read-only" in store.read_only
        run = store.list_runs().runs[0]
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            store.start_run()
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            store.set_tags(run.id, {"a": "b"})
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            store.objects.put(b"new bytes")
        assert store.mark_dead_runs() == 0


def test_a_kernel_on_a_read_only_store_says_once_that_it_does_not_record(
    project: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_LAB_STORE"}
    manager = KernelManager(kernel_name="python3")
    with read_only(project):
        manager.start_kernel(cwd=str(project / "notebooks"), env=env)
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=TIMEOUT)
            printed = _execute(client, "%load_ext mlops_lab")
            printed += _execute(client, "x = 1")
            printed += _execute(client, "y = x + 1\nprint(y)")
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    assert printed.count("mlops-lab:") == 1, printed
    assert "not recording" in printed
    assert "read-only" in printed
    assert "Traceback" not in printed
    assert "2\n" in printed


def test_load_ext_on_a_store_it_cannot_open_prints_one_line(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "store-is-a-file"
    not_a_folder.write_text("oops")
    env = {**os.environ, "MLOPS_LAB_STORE": str(not_a_folder)}
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(tmp_path), env=env)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=TIMEOUT)
        printed = _execute(client, "%load_ext mlops_lab")
        printed += _execute(client, "print(40 + 2)")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    lines = [line for line in printed.splitlines() if line.startswith("mlops-lab:")]
    assert len(lines) == 1, printed
    assert "not a store folder" in lines[0]
    assert "%reload_ext mlops_lab" in lines[0]
    assert "Traceback" not in printed
    assert "Error" not in printed.replace(lines[0], "")
    assert "42" in printed


def _execute(client: Any, code: str) -> str:
    """Run ``code``; everything it printed (streams and errors)."""
    msg_id = client.execute(code, allow_stdin=False)
    printed = []
    while True:
        message = client.get_iopub_msg(timeout=TIMEOUT)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind, body = message["msg_type"], message["content"]
        if kind == "stream":
            printed.append(body["text"])
        elif kind == "error":
            printed.append("Traceback: " + "\n".join(body["traceback"]))
        elif kind == "status" and body["execution_state"] == "idle":
            return "".join(printed)


# -- the panel: a Jupyter server over the read-only store --------------------------------


@pytest.fixture
def jp_server_config(mounted: Path) -> dict[str, Any]:
    return {
        "ServerApp": {
            "jpserver_extensions": {"mlops_lab": True, "jupyter_server_terminals": False},
            "allow_unauthenticated_access": False,
        },
        "MlopsLab": {"store_path": str(mounted)},
    }


async def test_the_api_reads_a_read_only_store_and_a_patch_says_why_not(jp_fetch: Any) -> None:
    runs = json.loads((await jp_fetch("mlops-lab", "runs")).body)["runs"]
    assert len(runs) == 2
    for path in (("info",), ("models",), ("runs", runs[0]["id"])):
        assert (await jp_fetch("mlops-lab", *path)).code == 200
    compared = await jp_fetch(
        "mlops-lab", "compare", params={"runs": f"{runs[0]['id']},{runs[1]['id']}"}
    )
    assert compared.code == 200

    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch(
            "mlops-lab", "runs", runs[0]["id"], method="PATCH", body=json.dumps({"name": "x"})
        )
    assert caught.value.code == 409
    body = json.loads(caught.value.response.body)
    check_schema(body, "Error")
    assert body["kind"] == "store_read_only"
    assert "read-only" in body["message"]


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.ENOSPC, "No space left on device"), "no space is left on the disk"),
        (sqlite3.OperationalError("database or disk is full"), "no space is left on the disk"),
        (sqlite3.DatabaseError("file is not a database"), None),  # damaged: not a write problem
        (OSError(errno.ENOENT, "No such file or directory"), None),
    ],
)
def test_the_cause_of_a_failed_write_is_named(
    tmp_path: Path, error: Exception, cause: str | None
) -> None:
    """Root writes everywhere: permission denied is told from the error, not from chmod."""
    assert unwritable_cause(error, tmp_path) == cause  # type: ignore[arg-type]
