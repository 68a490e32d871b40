"""A store whose disk fills up during ``track``: the command fails, the run never finishes.

Needs a small tmpfs (``mount`` as root); skipped, saying why, where that is not allowed.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from mlops_lab.cli import main
from mlops_lab.core import RunStatus, Store

#: Fills the disk a cell at a time, then records cells that no longer fit.
BALLAST = """
try:
    with open({path!r}, 'wb') as ballast:
        ballast.write(b'{index}' * (1 << 20))
except OSError:
    pass
"""


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or 'not permitted'}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_track_on_a_disk_that_fills_up_fails_and_the_run_is_not_finished(
    small_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store_path = small_disk / ".mlops-lab"
    Store.open(store_path).close()
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [
        new_code_cell(BALLAST.format(path=str(small_disk / f"ballast-{i}"), index=i % 10))
        for i in range(12)
    ]
    nbformat.write(nb, tmp_path / "fill.ipynb")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(
            ["track", "fill.ipynb", "--store", str(store_path), "-o", str(tmp_path / "out.ipynb")],
            stdout=io.StringIO(),
        )

    assert code == 1
    assert "full" in err.getvalue() or "space" in err.getvalue(), err.getvalue()
    for ballast in small_disk.glob("ballast-*"):
        ballast.unlink()  # room again, to read the record
    with Store.open(store_path) as store:
        runs = store.list_runs().runs
        assert [run.status for run in runs] != [RunStatus.FINISHED]


def test_models_push_on_a_full_disk_fails_in_one_line(small_disk: Path, tmp_path: Path) -> None:
    store_path = small_disk / ".mlops-lab"
    with Store.open(store_path) as store:
        run = store.start_run(experiment="full")
        store.end_run(run.id)
    model = tmp_path / "model.bin"
    model.write_bytes(os.urandom(1 << 20))
    with contextlib.suppress(OSError), (small_disk / "ballast").open("wb") as ballast:
        while True:  # every byte of the disk taken
            ballast.write(b"\0" * (1 << 16))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(
            ["--store", str(store_path), "models", "push", run.id, "--name", "clf",
             "--artifact", str(model)],
            stdout=out,
        )  # fmt: skip
    assert code == 1
    assert err.getvalue().count("\n") == 1, err.getvalue()
    assert "full" in err.getvalue() or "space" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert "move the file aside" not in err.getvalue()
    # the full disk's store still reads
    assert main(["--store", str(store_path), "runs"], stdout=io.StringIO()) == 0
    (small_disk / "ballast").unlink()
    listed = io.StringIO()  # room again: nothing half-registered
    assert main(["--store", str(store_path), "models", "list", "--json"], stdout=listed) == 0
    assert "clf" not in listed.getvalue()
