"""The one way mlops-lab writes a file: confined to a folder, never through a symlink, atomic.

Every component below the folder is opened with ``O_NOFOLLOW`` relative to its
parent's descriptor (``openat``), so a symlink planted anywhere on the way, even
between a check and the write, is refused instead of followed. The bytes go to a
temporary file in the same folder, are synced, then renamed over the name: a
reader or a crash never sees half a file, and a symlink at the name is refused.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..errors import InvalidInputError

__all__ = ["TEMP_PREFIX", "remove_confined", "write_confined"]

#: Temporary files start with this: a crash may leave one, which a store removes later.
TEMP_PREFIX = ".tmp-mlops-"
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NUMBERS = itertools.count()


def write_confined(root: Path, relative: str | PurePosixPath, data: bytes | str) -> Path:
    """Write ``data`` to ``root/relative``, creating the folders between, atomically.

    Parameters
    ----------
    root
        The folder nothing may be written outside of; it is resolved once, and
        may itself be reached through symlinks the caller chose.
    relative
        The file's path inside ``root``: no ``..``, no absolute path.
    data
        Bytes, or text written as UTF-8.

    Raises
    ------
    InvalidInputError
        ``relative`` leaves ``root``, or a component on the way (or the file
        itself) is a symlink or not a folder.
    """
    parts = _parts(relative)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _folder(root, parts[:-1], create=True) as folder:
        name = parts[-1]
        _refuse_link(folder, name, root, relative)
        tmp = f"{TEMP_PREFIX}{os.getpid()}-{next(_NUMBERS)}-{name}"[:255]
        fd = os.open(
            tmp,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
            0o644,
            dir_fd=folder,
        )
        try:
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            raise
    return root / Path(*parts)


def remove_confined(root: Path, relative: str | PurePosixPath) -> bool:
    """Remove the file ``root/relative`` (a symlink there is removed, never followed).

    Returns whether something was removed; a missing file or folder is not an error.
    """
    parts = _parts(relative)
    try:
        with _folder(root, parts[:-1], create=False) as folder:
            os.unlink(parts[-1], dir_fd=folder)
    except (FileNotFoundError, InvalidInputError):
        return False
    return True


def _parts(relative: str | PurePosixPath) -> tuple[str, ...]:
    text = str(relative)
    if "\0" in text:
        raise InvalidInputError(f"{text!r} holds a NUL byte; give a plain file name.")
    parts = PurePosixPath(text).parts
    if not parts or PurePosixPath(text).is_absolute() or any(p in ("..", ".") for p in parts):
        raise InvalidInputError(f"{text!r} is not a file name inside its folder.")
    return parts


@contextlib.contextmanager
def _folder(root: Path, parts: tuple[str, ...], *, create: bool) -> Iterator[int]:
    """A descriptor of ``root/parts``, each component opened without following a link."""
    if create:
        root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root.resolve(), os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for index, part in enumerate(parts):
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
            try:
                child = os.open(part, _DIRECTORY, dir_fd=fd)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR):
                    where = root / Path(*parts[: index + 1])
                    raise InvalidInputError(
                        f"{where} is a symlink or a file, not a folder; mlops-lab writes "
                        "nothing through it: remove or rename it."
                    ) from None
                raise
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _refuse_link(folder: int, name: str, root: Path, relative: object) -> None:
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
        raise InvalidInputError(
            f"{root / str(relative)} is a symlink or not a regular file; mlops-lab "
            "writes nothing through it: remove or rename it."
        )
