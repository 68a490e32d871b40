"""Which files a cell or a pipeline step opens, seen through Python's audit hook on ``open``.

An audit hook cannot be removed, so one is installed per process and routes
events to the log of the cell (or step) that is running, if any; between them
it returns at once. `file_accesses` turns a log into the record's
`FileAccess` entries, each with its fingerprint.
"""

from __future__ import annotations

import contextlib
import os
import site
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from ..errors import MlopsLabError
from ..records import FileAccess, FileMode
from .fingerprints import fingerprint_file

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

    from .cache_protocol import StatCache

__all__ = [
    "FileAccessLog",
    "begin_logging",
    "end_logging",
    "file_accesses",
    "ignored_roots",
    "logging_files",
    "paused",
]

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


class FileAccessLog:
    """The files one cell (or step) opened, with the strongest mode each was opened in."""

    def __init__(self, ignored_roots: tuple[str, ...]) -> None:
        self.accesses: dict[str, FileMode] = {}
        self._ignored = ignored_roots
        self._thread = threading.get_ident()

    def add(self, path: object, mode: object, flags: object) -> None:
        # Only the cell's own thread: the kernel's store writer's files are not the cell's.
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
def logging_files(ignored_roots: tuple[str, ...]) -> Iterator[FileAccessLog]:
    """Log the files opened inside the block; a log running around it resumes after."""
    global _current
    saved = _current
    log = begin_logging(ignored_roots)
    try:
        yield log
    finally:
        _current = saved


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
    import sysconfig  # here: its data module is 1 ms that a process watching no file skips

    roots = {
        str(store_path),
        # mlops-lab's own modules, imported lazily during a cell (an editable
        # install lives outside site-packages): never the cell's data
        str(Path(__file__).resolve().parents[2]),
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


def file_accesses(
    log: FileAccessLog, project_root: Path, stat_cache: StatCache | None = None
) -> list[FileAccess]:
    """The files in ``log`` that still exist, each with its size and fingerprint now.

    Paths inside ``project_root`` are kept relative to it; a file that cannot be
    read is kept without a fingerprint.
    """
    accesses = []
    for absolute, mode in log.accesses.items():
        path = Path(absolute)
        if not path.is_file():
            continue  # deleted again, or a directory, a pipe, a device
        try:
            print_path = path.relative_to(project_root).as_posix()
        except ValueError:
            print_path = absolute
        try:
            found = fingerprint_file(path, stat_cache)
            accesses.append(FileAccess(print_path, mode, found.size, found.fingerprint))
        except (MlopsLabError, OSError):
            accesses.append(FileAccess(print_path, mode))
    return accesses
