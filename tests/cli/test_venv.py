"""`reproduce --venv`'s environment: a virtual environment built from a lock with pip.

A whole tracked kernel's lock (JupyterLab, scikit-learn, ...) takes minutes to
install; these tests build a tiny lock, which exercises the same steps
(``python -m venv``, ``pip install -r``, the kernel spec pointing at the
environment's interpreter).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mlops_lab.core import InvalidInputError, MlopsLabError
from mlops_lab.headless.venv import VENV_KERNEL_NAME, build_venv

LOCK = """\
# Environment lock recorded by mlops-lab
# python: 3.11.7 (CPython)
six==1.16.0
"""


def test_a_venv_is_built_from_the_lock_with_a_kernel_spec(tmp_path: Path) -> None:
    folder = tmp_path / "venv"
    lines: list[str] = []
    kernels = build_venv(LOCK, folder, on_line=lines.append)
    python = folder / "bin" / "python"
    version = subprocess.check_output(
        [str(python), "-c", "import six; print(six.__version__)"], text=True
    )
    assert version.strip() == "1.16.0"
    assert any("six" in line for line in lines)  # pip's output, line by line
    spec = json.loads((kernels / VENV_KERNEL_NAME / "kernel.json").read_text())
    assert spec["argv"][:3] == [str(python), "-m", "ipykernel_launcher"]

    # An existing environment is reused: the lock is installed into it again.
    again = build_venv(LOCK.replace("1.16.0", "1.17.0"), folder)
    assert again == kernels
    version = subprocess.check_output(
        [str(python), "-c", "import six; print(six.__version__)"], text=True
    )
    assert version.strip() == "1.17.0"


def test_a_folder_that_is_not_a_venv_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    with pytest.raises(InvalidInputError, match="is not a virtual environment"):
        build_venv(LOCK, tmp_path / "data")


def test_a_lock_pip_cannot_install_is_an_error_with_pip_s_words(tmp_path: Path) -> None:
    with pytest.raises(MlopsLabError, match="Failed installing the lock") as raised:
        build_venv("no-such-package-mlops-lab-test==0.0.1\n", tmp_path / "venv")
    assert "no-such-package-mlops-lab-test" in str(raised.value)
