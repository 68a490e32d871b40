"""A virtual environment built from a run's environment lock, with a kernel in it.

The lock is a pip requirements file (``mlops-lab env RUN --requirements``), so
building the environment is ``python -m venv`` then ``pip install -r``. The
kernel spec written into the environment points at its own interpreter; a
reproduction then runs its kernel from there.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..core import InvalidInputError, MlopsLabError
from ..core.store.confined import write_confined

__all__ = ["VENV_KERNEL_NAME", "build_venv"]

#: The kernel spec a built environment holds, under ``<venv>/share/jupyter/kernels``.
VENV_KERNEL_NAME = "mlops-lab-reproduce"
# pip's own lines are long; only the end of its output is kept for an error.
_OUTPUT_TAIL = 2000


def build_venv(
    requirements: str, folder: Path, *, on_line: Callable[[str], None] | None = None
) -> Path:
    """Create (or update) a virtual environment at ``folder`` with the lock installed.

    Parameters
    ----------
    requirements
        The run's lock as a requirements file.
    folder
        The environment's folder: created when missing, reused when it is one.
    on_line
        Told each line pip prints, as it prints it.

    Returns
    -------
    Path
        The folder of the kernel spec to run a kernel in the environment.

    Raises
    ------
    InvalidInputError
        ``folder`` exists and is not a virtual environment.
    MlopsLabError
        venv or pip failed; the message ends with what pip said.
    """
    python = folder / "bin" / "python"
    if folder.exists() and not python.exists():
        raise InvalidInputError(
            f"{folder} exists and is not a virtual environment; give a new folder or a venv."
        )
    if not python.exists():
        _run([sys.executable, "-m", "venv", str(folder)], "creating the environment", on_line)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as lock:
        lock.write(requirements)
    try:
        _run(
            [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-r", lock.name],
            "installing the lock",
            on_line,
        )
    finally:
        Path(lock.name).unlink(missing_ok=True)
    write_confined(
        folder,
        f"share/jupyter/kernels/{VENV_KERNEL_NAME}/kernel.json",
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": f"Python ({folder.name})",
                "language": "python",
            }
        ),
    )
    return folder / "share" / "jupyter" / "kernels"


def _run(command: list[str], what: str, on_line: Callable[[str], None] | None) -> None:
    lines: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if on_line is not None:
                on_line(line.rstrip("\n"))
    if process.returncode != 0:
        tail = "".join(lines)[-_OUTPUT_TAIL:].strip()
        raise MlopsLabError(f"Failed {what} (exit {process.returncode}): {tail}")
