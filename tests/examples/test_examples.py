"""The bundled example project works as the README's quick start promises.

Each notebook runs top to bottom, tracked headless in the quick start's
environment (examples/requirements.txt); the training example exports to a
pipeline of several steps whose run lands in the project's store.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from mlops_lab.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOKS = sorted(path.name for path in EXAMPLES.glob("*.ipynb"))


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), stdout=out)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".mlops-lab", "*-pipeline"))
    return root


def test_the_examples_need_only_what_requirements_txt_installs() -> None:
    wanted = (EXAMPLES / "requirements.txt").read_text()
    assert "pandas" in wanted
    assert "scikit-learn" in wanted


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_example_opens_clean_and_relies_on_jupyterlab_loading_tracking(name: str) -> None:
    nb = nbformat.read(EXAMPLES / name, as_version=4)
    nbformat.validate(nb)
    # What JupyterLab writes after talking to an ipykernel: opening it changes nothing.
    assert nb.metadata.kernelspec.display_name == "Python 3 (ipykernel)"
    assert nb.metadata.language_info.pygments_lexer == "ipython3"
    sources = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    assert not any("%load_ext mlops_lab" in source for source in sources)
    assert all(cell.get("outputs", []) == [] for cell in nb.cells if cell.cell_type == "code")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_example_runs_top_to_bottom_tracked(project: Path, name: str) -> None:
    code, out, err = cli("track", str(project / name))
    assert code == 0, err
    run_id = out.split()[0]
    code, shown, err = cli("show", run_id, "--json", "--store", str(project / ".mlops-lab"))
    assert code == 0, err
    detail = json.loads(shown)
    assert detail["status"] == "finished"
    assert all(cell["status"] == "ok" for cell in detail["cells"])


def test_the_training_example_is_a_pipeline_of_steps_run_into_the_project_store(
    project: Path,
) -> None:
    code, _, err = cli("export", str(project / "train.ipynb"), "--to", "local")
    assert code == 0, err
    pipeline = project / "train-pipeline"
    steps = sorted(path.stem for path in (pipeline / "steps").glob("*.py"))
    assert steps == ["evaluate", "features", "load", "train"]
    code, _, err = cli("pipeline", "run", str(pipeline), "--store", str(project / ".mlops-lab"))
    assert code == 0, err
    code, listed, _ = cli("runs", "--json", "--store", str(project / ".mlops-lab"))
    runs = json.loads(listed)
    assert [run["notebook"] for run in runs] == ["train.ipynb"]
    assert "test_mse" in runs[0]["metrics"]


def test_a_pipeline_exported_elsewhere_records_into_its_notebooks_store_and_says_so(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere" / "train-pipeline"
    code, _, err = cli("export", str(project / "train.ipynb"), "-o", str(elsewhere))
    assert code == 0, err
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("pipeline", "run", str(elsewhere), "--verify")
    assert code == 0, err
    assert f"recording in the store {project / '.mlops-lab'}" in err
    assert not (elsewhere / ".mlops-lab").exists()
    code, listed, _ = cli("runs", "--json", "--store", str(project / ".mlops-lab"))
    names = sorted(run["name"] for run in json.loads(listed))
    # --verify tracked the notebook with the same parameters, in the same store.
    assert names == ["train #2", "train pipeline #1"]
