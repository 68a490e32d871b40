"""`mlops-lab track`: a notebook executed in a real, fresh kernel, recorded as a run.

Each kernel start costs a second or two, so one tracked run of ``train.ipynb`` is
shared by the tests that only read its record; bad inputs never start a kernel.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import mlops_lab.headless
from mlops_lab.cli import main
from mlops_lab.core import RunStatus, Store
from mlops_lab.core.capture.parameters import parse_value

FIXTURES = Path(__file__).parent / "notebooks"
RUN_ID = re.compile(r"[0-9a-f]{32}")
# How long the SIGTERM test waits for a line or an exit before it fails instead
# of hanging: a bound against a hang, not a measure of speed (that is bench/'s).
PROMPTLY = 120.0


@dataclass(frozen=True)
class Tracked:
    code: int
    out: str
    err: str

    @property
    def run_id(self) -> str:
        return self.out.strip()

    @property
    def messages(self) -> str:
        """stderr without the line naming the store, which tests run from elsewhere get."""
        return "".join(
            line
            for line in self.err.splitlines(keepends=True)
            if not line.startswith("mlops-lab: recording in the store ")
        )


def track(*argv: str) -> Tracked:
    """``mlops-lab track ARGV`` in this process, with stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["track", *argv], stdout=out)
    return Tracked(code, out.getvalue(), err.getvalue())


def make_project(root: Path) -> Path:
    """A project folder with a store and ``notebooks/train.ipynb``; returns the project."""
    project = root / "project"
    (project / "notebooks").mkdir(parents=True)
    Store.open(project / ".mlops-lab").close()
    shutil.copy(FIXTURES / "train.ipynb", project / "notebooks" / "train.ipynb")
    return project


def write_notebook(path: Path, *sources: str) -> Path:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [new_code_cell(source, id=f"cell-{i}") for i, source in enumerate(sources)]
    nbformat.write(nb, path)
    return path


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def no_store_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLOPS_LAB_STORE", raising=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = make_project(tmp_path)
    # Outside the project: the store must be found from the notebook's folder.
    monkeypatch.chdir(tmp_path)
    return project


# -- a successful run with parameters, shared -----------------------------------


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tracked, bytes]:
    """``train.ipynb`` tracked once with typed parameters and ``-o``."""
    project = make_project(tmp_path_factory.mktemp("trained"))
    notebook = project / "notebooks" / "train.ipynb"
    before = notebook.read_bytes()
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MLOPS_LAB_STORE", raising=False)
        patch.chdir(project.parent)
        tracked = track(
            str(notebook),
            *("-p", "lr", "0.5"),
            *("-p", "epochs", "3"),
            *("-p", "model", "tree"),
            *("-p", "layers", "[16, 8]"),
            *("-p", "verbose", "true"),
            *("-p", "seed", "none"),
            *("-o", str(project / "out.ipynb")),
        )
    return project, tracked, before


def test_it_prints_only_the_run_id(trained: tuple[Path, Tracked, bytes]) -> None:
    _, tracked, _ = trained
    assert tracked.code == 0, tracked.err
    assert RUN_ID.fullmatch(tracked.run_id)
    assert tracked.out == tracked.run_id + "\n"


def test_the_run_has_the_typed_parameters_and_finished(
    trained: tuple[Path, Tracked, bytes],
) -> None:
    project, tracked, _ = trained
    with Store.open(project / ".mlops-lab") as store:
        run = store.get_run(tracked.run_id)
    assert run.status is RunStatus.FINISHED
    assert run.notebook == "notebooks/train.ipynb"
    assert run.experiment == "notebooks/train.ipynb"
    assert run.params == {
        "lr": 0.5,
        "epochs": 3,
        "model": "tree",
        "layers": [16, 8],
        "verbose": True,
        "seed": None,
    }


def test_the_kernel_recorded_every_cell_in_order_with_its_id(
    trained: tuple[Path, Tracked, bytes],
) -> None:
    project, tracked, _ = trained
    with Store.open(project / ".mlops-lab") as store:
        cells = store.get_run_detail(tracked.run_id).cells
    assert [c.cell_id for c in cells] == [
        "imports",
        "params",
        "injected-parameters",
        "train",
        "summary",
    ]
    assert [c.execution_count for c in cells] == [1, 2, 3, 4, 5]
    assert all(c.error is None for c in cells)
    assert cells[2].code.splitlines() == [
        "# Parameters",
        "lr = 0.5",
        "epochs = 3",
        "model = 'tree'",
        "layers = [16, 8]",
        "verbose = True",
        "seed = None",
    ]


def test_the_executed_notebook_has_outputs_the_injected_cell_and_the_run(
    trained: tuple[Path, Tracked, bytes],
) -> None:
    project, tracked, before = trained
    out = read_json(project / "out.ipynb")
    cells = {cell["id"]: cell for cell in out["cells"] if cell["cell_type"] == "code"}
    assert list(cells) == ["imports", "params", "injected-parameters", "train", "summary"]
    assert cells["injected-parameters"]["metadata"]["tags"] == ["injected-parameters"]
    assert (
        "".join(cells["train"]["outputs"][0]["text"])
        == '{"model": "tree", "loss": 0.6666666666666666}\n'
    )
    assert cells["summary"]["execution_count"] == 5
    assert out["metadata"]["mlops_lab"] == {
        "run_id": tracked.run_id,
        "store": str((project / ".mlops-lab").resolve()),
        "parameters": {
            "lr": 0.5,
            "epochs": 3,
            "model": "tree",
            "layers": [16, 8],
            "verbose": True,
            "seed": None,
        },
    }
    assert out["metadata"]["language_info"]["name"] == "python"
    assert (project / "notebooks" / "train.ipynb").read_bytes() == before


def test_an_unknown_parameter_is_injected_with_a_warning(
    trained: tuple[Path, Tracked, bytes],
) -> None:
    project, tracked, _ = trained
    assert tracked.messages.splitlines() == [
        f"mlops-lab: warning: {project / 'notebooks' / 'train.ipynb'}: "
        "seed not assigned in the parameters cell; injected anyway"
    ]


# -- runs that start a kernel of their own ----------------------------------------


def test_a_rerun_of_the_output_replaces_the_injected_cell(
    trained: tuple[Path, Tracked, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, first, _ = trained
    monkeypatch.chdir(tmp_path)
    again = track(
        str(project / "out.ipynb"),
        *("-p", "lr", "0.25"),
        *("--experiment", "sweep", "--name", "lr=0.25"),
        *("-o", str(tmp_path / "again.ipynb")),
    )
    assert again.code == 0, again.err
    assert again.messages == ""  # lr is a known parameter: no warning
    out = read_json(tmp_path / "again.ipynb")
    injected = [c for c in out["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(injected) == 1
    assert "".join(injected[0]["source"]) == "# Parameters\nlr = 0.25"
    with Store.open(project / ".mlops-lab") as store:
        run = store.get_run(again.run_id)
        assert (run.experiment, run.name, run.notebook) == ("sweep", "lr=0.25", "out.ipynb")
        # the kernel records the parameters cell's defaults; the one given here wins
        assert run.params == {
            "lr": 0.25,
            "epochs": 2,
            "model": "linear",
            "layers": [8],
            "verbose": False,
        }
        assert store.get_run(first.run_id).params["lr"] == 0.5


def test_a_failing_cell_stops_the_run_as_failed(project: Path) -> None:
    notebook = write_notebook(
        project / "notebooks" / "fails.ipynb", "x = 1", "x / 0", "print('never')"
    )
    tracked = track(str(notebook), "-p", "x", "2", "-o", str(project / "fails-out.ipynb"))

    assert tracked.code == 1
    assert RUN_ID.fullmatch(tracked.run_id)
    assert tracked.out == tracked.run_id + "\n"
    warning, error = tracked.messages.splitlines()
    assert warning == (
        f"mlops-lab: warning: {notebook}: "
        'no cell is tagged "parameters"; the parameters are injected at the top'
    )
    assert error == (
        "mlops-lab: error: cell 3 (In [3]) failed: ZeroDivisionError: division by zero; "
        f"run {tracked.run_id[:8]} failed"
    )
    with Store.open(project / ".mlops-lab") as store:
        detail = store.get_run_detail(tracked.run_id)
    assert detail.run.status is RunStatus.FAILED
    assert [c.cell_id for c in detail.cells] == ["injected-parameters", "cell-0", "cell-1"]
    failed = detail.cells[-1]
    assert failed.error is not None
    assert (failed.error.name, failed.error.value) == ("ZeroDivisionError", "division by zero")
    out = read_json(project / "fails-out.ipynb")
    assert out["metadata"]["mlops_lab"]["run_id"] == tracked.run_id
    assert out["cells"][2]["outputs"][0]["ename"] == "ZeroDivisionError"
    assert out["cells"][3]["execution_count"] is None  # never ran


def test_a_dying_kernel_fails_the_run_promptly(project: Path) -> None:
    notebook = write_notebook(
        project / "notebooks" / "dies.ipynb", "x = 1", "import os\nos._exit(1)", "y = 2"
    )
    tracked = track(str(notebook))

    assert tracked.code == 1
    assert tracked.messages.splitlines() == [
        "mlops-lab: error: cell 2 (In [2]) failed: DeadKernelError: "
        f"the kernel died while running this cell; run {tracked.run_id[:8]} failed"
    ]
    with Store.open(project / ".mlops-lab") as store:
        detail = store.get_run_detail(tracked.run_id)
    assert detail.run.status is RunStatus.FAILED
    # recorded by track, since the kernel could not (what the kernel had not yet
    # written of the cells before is lost with it: not asserted here)
    dead = detail.cells[-1]
    assert (dead.cell_id, dead.execution_count, dead.code) == (
        "cell-1",
        None,
        "import os\nos._exit(1)",
    )
    assert dead.error is not None
    assert dead.error.name == "DeadKernelError"


def test_a_cell_past_the_timeout_fails_the_run(project: Path) -> None:
    notebook = write_notebook(
        project / "notebooks" / "slow.ipynb", "import time", "time.sleep(60)", "done = True"
    )
    tracked = track(str(notebook), "--timeout", "1")

    assert tracked.code == 1
    assert tracked.messages.splitlines() == [
        "mlops-lab: error: cell 2 (In [2]) failed: TimeoutError: "
        f"the cell did not finish within 1 s; run {tracked.run_id[:8]} failed"
    ]
    with Store.open(project / ".mlops-lab") as store:
        detail = store.get_run_detail(tracked.run_id)
    assert detail.run.status is RunStatus.FAILED
    # interrupted, not killed: the kernel stopped the cell and recorded it itself
    assert [c.cell_id for c in detail.cells] == ["cell-0", "cell-1"]
    assert detail.cells[1].error is not None
    assert detail.cells[1].error.name == "KeyboardInterrupt"


def test_a_kernel_that_cannot_load_mlops_lab_fails_the_run_with_a_fix(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kernel is a new process: a broken mlops_lab first on its path is all it sees.
    shadow = tmp_path / "shadow" / "mlops_lab"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('not installed here')\n")
    monkeypatch.setenv("PYTHONPATH", str(shadow.parent))
    tracked = track(str(project / "notebooks" / "train.ipynb"))

    assert tracked.code == 1
    assert RUN_ID.fullmatch(tracked.run_id)
    assert tracked.messages.splitlines() == [
        "mlops-lab: error: The kernel could not load mlops_lab (ImportError: not installed "
        "here); install mlops-lab in the kernel's environment."
    ]
    with Store.open(project / ".mlops-lab") as store:
        detail = store.get_run_detail(tracked.run_id)
    assert detail.run.status is RunStatus.FAILED
    assert detail.cells == ()


def test_sigterm_shuts_the_kernel_down_and_ends_the_run_as_killed(project: Path) -> None:
    # What CI does to a cancelled job; Ctrl-C (SIGINT) takes the same path.
    notebook = write_notebook(
        project / "notebooks" / "slow.ipynb", "x = 1", "import time\ntime.sleep(60)"
    )
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_LAB_STORE"}
    command = [sys.executable, "-m", "mlops_lab.cli", "track", str(notebook), "-v"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in process.stderr]).start()
        err = [lines.get(timeout=PROMPTLY)]
        while "cell 2/2" not in err[-1]:
            err.append(lines.get(timeout=PROMPTLY))
        time.sleep(0.5)  # the kernel is now in time.sleep
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=PROMPTLY)
        run_id = process.stdout.read().strip()

    assert code == 1
    while not lines.empty():
        err.append(lines.get())
    assert err[-1] == (
        f"mlops-lab: error: Interrupted: the kernel was shut down and run {run_id[:8]} "
        "ended as killed.\n"
    )
    with Store.open(project / ".mlops-lab") as store:
        detail = store.get_run_detail(run_id)
    assert detail.run.status is RunStatus.KILLED
    # shut down, not killed: the kernel stopped the cell and wrote what it held
    assert [c.cell_id for c in detail.cells] == ["cell-0", "cell-1"]
    assert detail.cells[1].error is not None
    assert detail.cells[1].error.name == "KeyboardInterrupt"


# -- bad input: one line, no kernel, nothing recorded -------------------------------


@pytest.mark.parametrize(
    ("setup", "argv", "exit_code", "message"),
    [
        (None, ["notebooks/missing.ipynb"], 1, "No notebook at"),
        ("{not json", ["notebooks/bad.ipynb"], 1, "is not a valid notebook: it is not JSON"),
        ("root:x:0:0:hunter2", ["notebooks/bad.ipynb"], 1, "is not a valid notebook: it is not"),
        (
            json.dumps(
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": 0}]}
            ),
            ["notebooks/bad.ipynb"],
            1,
            "is not a valid notebook",
        ),
        (None, ["notebooks/train.ipynb", "-p", "lr"], 2, "expected 2 arguments"),
        (None, ["notebooks/train.ipynb", "-p", "1x", "2"], 1, "'1x' is not a Python variable"),
        (None, ["notebooks/train.ipynb", "-p", "layers", "[1,"], 1, "layers: '[1,' looks like"),
        # Checked against the parameters cell as `pipeline run -p` checks them.
        (
            None,
            ["notebooks/train.ipynb", "-p", "lr", "abc"],
            1,
            "Parameter lr is a float (its default is 0.1), not a str ('abc'); give a float",
        ),
        (None, ["notebooks/train.ipynb", "-p", "epochs", "2.5"], 1, "epochs is an int"),
        (None, ["notebooks/train.ipynb", "--timeout", "soon"], 2, "expected a whole number"),
        (
            None,
            ["notebooks/train.ipynb", "--store", "nowhere/.mlops-lab"],
            1,
            "Check that its parent folder exists",
        ),
        (None, ["notebooks/train.ipynb", "-o", "nowhere/out.ipynb"], 1, "folder does not exist"),
    ],
)
def test_bad_input_is_one_line_and_records_nothing(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    setup: str | None,
    argv: list[str],
    exit_code: int,
    message: str,
) -> None:
    monkeypatch.chdir(project)
    if setup is not None:
        (project / "notebooks" / "bad.ipynb").write_text(setup, encoding="utf-8")
    tracked = track(*argv)
    assert tracked.code == exit_code
    assert tracked.out == ""
    assert tracked.messages.startswith("mlops-lab: error: ")
    assert message in tracked.messages
    assert tracked.messages.count("\n") == 1
    assert "Traceback" not in tracked.err
    # A file given by mistake may hold anything: the message quotes none of it.
    assert "hunter2" not in tracked.err
    with Store.open(project / ".mlops-lab") as store:
        assert store.info().run_count == 0
    assert not (project / "nowhere").exists()


def test_a_missing_notebook_creates_no_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert track("missing.ipynb").code == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        ("-3", -3),
        ("0.5", 0.5),
        ("1e-3", 0.001),
        ("true", True),
        ("False", False),
        ("none", None),
        ("None", None),
        ("[1, 2]", [1, 2]),
        ('{"depth": 3}', {"depth": 3}),
        ("tree", "tree"),
        ("nan", "nan"),
        ("1_000", "1_000"),
        ("", ""),
    ],
)
def test_values_are_typed_as_on_a_command_line(text: str, value: object) -> None:
    assert parse_value(text) == value
    assert type(parse_value(text)) is type(value)


def test_public_names_are_pinned() -> None:
    assert set(mlops_lab.headless.__all__) == {
        "INJECTED_TAG",
        "PARAMETERS_TAG",
        "CellFailure",
        "FailureKind",
        "KernelError",
        "RunInterruptedError",
        "TrackRequest",
        "TrackResult",
        "track",
    }
    assert len(mlops_lab.headless.__all__) == len(set(mlops_lab.headless.__all__))


def test_the_kernel_and_the_other_commands_do_not_import_nbclient() -> None:
    # %mlops param uses parse_value inside every kernel; `mlops-lab runs` must stay quick.
    probe = (
        "import sys, json, mlops_lab.cli, mlops_lab.headless, mlops_lab.kernel.magics;"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", probe], text=True))
    assert [name for name in ("nbclient", "nbformat", "jsonschema") if name in loaded] == []
