"""Which files a cell opens, seen through Python's audit hook on ``open``.

An audit hook cannot be removed, so one is installed per process and routes
events to the log of the cell that is running, if any; between cells it
returns at once.
"""

from __future__ import annotations

import contextlib
import os
import site
import sys
import sysconfig
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core import FileMode

__all__ = ["FileAccessLog", "begin_logging", "end_logging", "ignored_roots", "paused"]

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


class FileAccessLog:
    """The files one cell opened, with the strongest mode each was opened in."""

    def __init__(self, ignored_roots: tuple[str, ...]) -> None:
        self.accesses: dict[str, FileMode] = {}
        self._ignored = ignored_roots
        self._thread = threading.get_ident()

    def add(self, path: object, mode: object, flags: object) -> None:
        # Only the cell's own thread: the store writer's files are not the cell's.
        if threading.get_ident() != self._thread:
            return
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str):
            return  # a file descriptor: its path is unknown here
        # abspath only normalizes text; resolving links would cost syscalls on a hot path
        absolute = os.path.abspath(path)  # noqa: PTH100
        if absolute.startswith(self._ignored):
            return
        writing = (
            any(c in mode for c in "wax+")
            if isinstance(mode, str)
            else isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
        )
        if writing:
            self.accesses[absolute] = FileMode.WRITE
        else:
            self.accesses.setdefault(absolute, FileMode.READ)


_current: FileAccessLog | None = None
_installed = False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    log = _current
    if log is not None and event == "open":
        log.add(*args[:3])


def begin_logging(ignored_roots: tuple[str, ...]) -> FileAccessLog:
    """Start logging the files opened by the cell about to run.

    ``ignored_roots`` comes from `ignored_roots`, computed once per session.
    """
    global _current, _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    _current = FileAccessLog(ignored_roots)
    return _current


def end_logging() -> None:
    global _current
    _current = None


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Log nothing meanwhile: mlops-lab's own reads (a model push) are not the cell's data."""
    global _current
    saved, _current = _current, None
    try:
        yield
    finally:
        _current = saved


def ignored_roots(store_path: Path) -> tuple[str, ...]:
    """Where the interpreter, libraries, Jupyter and the store itself keep their files."""
    roots = {
        str(store_path),
        # mlops-lab's own modules, imported lazily during a cell (an editable
        # install lives outside site-packages): never the cell's data
        str(Path(__file__).resolve().parents[1]),
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sysconfig.get_paths()["stdlib"],
        *site.getsitepackages(),
        site.getusersitepackages(),
        # the operating system's own files (time zones, certificates, locales)
        "/usr",
        "/etc",
        "/lib",
        "/lib64",
        "/bin",
        "/sbin",
        "/var/lib",
        "/var/cache",
        "/run",
        "/proc",
        "/sys",
        "/dev",
        str(Path.home() / ".ipython"),
        str(Path.home() / ".cache"),
        str(Path.home() / ".local" / "share" / "jupyter"),
    }
    return tuple(sorted(root.rstrip(os.sep) + os.sep for root in roots if root))
