"""Nothing written outside its place: planted symlinks, folders of user files, step names."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from mlops_lab.cli import main
from mlops_lab.core import InvalidInputError, Store
from mlops_lab.core.store.confined import write_confined


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Store.open(tmp_path / ".mlops-lab").close()
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [
        new_code_cell("import math", metadata={"tags": ["imports"]}),
        new_code_cell("x = 2", metadata={"tags": ["step:load"]}),
        new_code_cell("y = math.sqrt(x)", metadata={"tags": ["step:fit"]}),
    ]
    nbformat.write(nb, tmp_path / "train.ipynb")
    return tmp_path


def cli(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(args), stdout=out)
    return code, err.getvalue()


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    victim = tmp_path_factory.mktemp("outside") / "victim.py"
    victim.write_text("precious\n")
    return victim


@pytest.mark.parametrize("planted", ["shared.py", "pipeline.yaml", "steps/load.py"])
def test_a_symlink_planted_in_an_export_folder_never_lets_a_write_out(
    project: Path, outside: Path, planted: str
) -> None:
    folder = project / "train-pipeline"
    assert cli("export", "train.ipynb")[0] == 0  # a folder export made: it holds the marker
    (folder / planted).unlink()
    (folder / planted).symlink_to(outside)

    code, err = cli("export", "train.ipynb")

    assert code == 1
    assert err.count("\n") == 1
    assert "symlink" in err
    assert outside.read_text() == "precious\n"


def test_a_symlinked_steps_folder_is_refused_and_its_target_untouched(
    project: Path, outside: Path
) -> None:
    folder = project / "train-pipeline"
    folder.mkdir()
    (folder / "steps").symlink_to(outside.parent)

    code, err = cli("export", "train.ipynb", "--force")

    assert code == 1
    assert "symlink" in err
    assert sorted(p.name for p in outside.parent.iterdir()) == ["victim.py"]


def test_a_folder_of_user_files_is_refused_and_force_deletes_none_of_them(project: Path) -> None:
    folder = project / "mine"
    (folder / "steps").mkdir(parents=True)
    (folder / "steps" / "notes.py").write_text("mine\n")
    (folder / "README.md").write_text("mine\n")

    code, err = cli("export", "train.ipynb", "-o", "mine")
    assert code == 1
    assert "mine" in err
    assert "--force" in err

    assert cli("export", "train.ipynb", "-o", "mine", "--force")[0] == 0
    assert (folder / "steps" / "notes.py").read_text() == "mine\n"
    assert (folder / "README.md").read_text() == "mine\n"
    assert (folder / "steps" / "fit.py").is_file()


def test_a_new_export_removes_only_the_steps_the_last_one_wrote(project: Path) -> None:
    assert cli("export", "train.ipynb")[0] == 0
    steps = project / "train-pipeline" / "steps"
    (steps / "notes.txt").write_text("mine\n")
    nb = nbformat.read(project / "train.ipynb", as_version=4)
    nb.cells[2].metadata["tags"] = ["step:train"]
    nbformat.write(nb, project / "train.ipynb")

    assert cli("export", "train.ipynb")[0] == 0

    assert sorted(p.name for p in steps.iterdir()) == ["load.py", "notes.txt", "train.py"]


def test_a_step_named_to_leave_the_folder_is_refused_on_run(project: Path, outside: Path) -> None:
    assert cli("export", "train.ipynb")[0] == 0
    yaml_file = project / "train-pipeline" / "pipeline.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("name: fit", "name: ../../x"))
    (project / "x.py").write_text(f"open({str(outside)!r}, 'w').write('gone')\n")

    code, err = cli("pipeline", "run", "train-pipeline")

    assert code == 1
    assert "not a step name" in err
    assert outside.read_text() == "precious\n"


@pytest.mark.parametrize("relative", ["../x", "/etc/x", "a/../../x", "a\0b"])
def test_the_confined_writer_refuses_names_that_leave_its_folder(
    tmp_path: Path, relative: str
) -> None:
    with pytest.raises(InvalidInputError):
        write_confined(tmp_path, relative, "x")
    assert list(tmp_path.iterdir()) == []
