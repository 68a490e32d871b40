"""The baseline of a CI run: the latest finished run of the same notebook on the default branch."""

from __future__ import annotations

from ..records import MAX_PAGE_SIZE, Run, RunQuery, RunSortKey, RunStatus
from ..store.store import Store

__all__ = ["DEFAULT_BRANCHES", "latest_on_default_branch"]

#: The branches a repository's history of record usually lives on.
DEFAULT_BRANCHES = ("main", "master")


def latest_on_default_branch(
    store: Store, notebook: str, *, exclude: str | None = None
) -> Run | None:
    """The newest finished run of ``notebook`` recorded on ``main`` or ``master``.

    Parameters
    ----------
    store
        Where the runs are.
    notebook
        The notebook's path relative to the project, as runs record it.
    exclude
        A run id never to return (the candidate itself).
    """
    offset = 0
    while True:
        page = store.list_runs(
            RunQuery(
                notebook=notebook,
                status=RunStatus.FINISHED,
                sort=RunSortKey.STARTED_AT,
                descending=True,
                offset=offset,
                limit=MAX_PAGE_SIZE,
            )
        )
        for run in page.runs:
            if run.id != exclude and run.git is not None and run.git.branch in DEFAULT_BRANCHES:
                return run
        offset += len(page.runs)
        if not page.runs or offset >= page.total:
            return None
