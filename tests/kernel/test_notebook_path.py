"""The kernel names its notebook relative to the project root, however it was told."""

from __future__ import annotations

from pathlib import Path

from mlops_lab.kernel.session import notebook_path


def test_a_relative_session_name_is_resolved_from_the_kernel_folder(tmp_path: Path) -> None:
    cwd = tmp_path / "notebooks"
    env = {"JPY_SESSION_NAME": "notebooks/train.ipynb"}
    assert notebook_path(tmp_path, cwd, env) == "notebooks/train.ipynb"


def test_an_absolute_session_name_is_made_relative(tmp_path: Path) -> None:
    env = {"JPY_SESSION_NAME": str(tmp_path / "a" / "b.ipynb")}
    assert notebook_path(tmp_path, tmp_path / "a", env) == "a/b.ipynb"


def test_a_notebook_outside_the_project_keeps_its_path(tmp_path: Path) -> None:
    env = {"JPY_SESSION_NAME": "/elsewhere/x.ipynb"}
    assert notebook_path(tmp_path / "project", tmp_path, env) == "/elsewhere/x.ipynb"


def test_no_session_name_means_no_notebook(tmp_path: Path) -> None:
    assert notebook_path(tmp_path, tmp_path, {}) is None
