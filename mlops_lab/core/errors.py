"""The one error hierarchy of mlops-lab.

Every error a user can cause or meet carries a message that says what to do::

    MlopsLabError
    ├── InvalidInputError        an argument is malformed or out of range
    ├── ConflictError            the request contradicts the record's state
    ├── NotFoundError            something named does not exist
    │   └── RunNotFoundError     no run has that id (or id prefix)
    ├── StoreError               the store cannot be opened or used
    │   ├── SchemaVersionError   the store was written by a newer mlops-lab
    │   └── StoreReadOnlyError   the store can be read but not written (read-only, full)
    └── MissingDependencyError   an optional package (kfp, mlflow) is not installed

Adapters map these to their own faces in one place each: HTTP status codes in
``mlops_lab.server.errors``, exit codes in ``mlops_lab.cli``.
"""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "InvalidInputError",
    "MissingDependencyError",
    "MlopsLabError",
    "NotFoundError",
    "RunNotFoundError",
    "SchemaVersionError",
    "StoreError",
    "StoreReadOnlyError",
]


class MlopsLabError(Exception):
    """Base of every error raised on purpose by mlops-lab."""

    @property
    def message(self) -> str:
        return str(self)


class InvalidInputError(MlopsLabError, ValueError):
    """An argument given by a user or a client is malformed or out of range."""


class ConflictError(MlopsLabError):
    """The request contradicts the current state (for example, ending an ended run)."""


class NotFoundError(MlopsLabError, LookupError):
    """Something named by the caller does not exist."""


class RunNotFoundError(NotFoundError):
    """No run matches the given id or id prefix."""

    def __init__(self, run_id: str) -> None:
        super().__init__(
            f"No run with id {run_id!r} in this store; "
            "list the runs with `mlops-lab runs` to find its id."
        )
        self.run_id = run_id


class StoreError(MlopsLabError):
    """The store cannot be opened, created or read."""


class SchemaVersionError(StoreError):
    """The store's schema is newer than this version of mlops-lab understands."""


class StoreReadOnlyError(StoreError):
    """The store was opened read-only (a read-only mount, no permission, a full disk):
    it answers reads, and every write raises this, naming the cause."""


class MissingDependencyError(MlopsLabError):
    """An optional dependency is not installed; ``install`` is the command that adds it.

    Parameters
    ----------
    package
        The missing import, e.g. ``"kfp"``.
    extra
        The mlops-lab extra that installs it, e.g. ``"kfp"`` for ``mlops-lab[kfp]``.
    needed_for
        What needs it, as the start of a sentence, e.g. ``"The kfp target"``.
    """

    def __init__(self, package: str, extra: str, needed_for: str) -> None:
        self.package = package
        # Double quotes: the brackets survive zsh globbing, and cmd.exe knows no single quotes.
        self.install = f'pip install "mlops-lab[{extra}]"'
        super().__init__(
            f"{needed_for} needs {package}, which is not installed here: {self.install}, "
            "then try again."
        )
