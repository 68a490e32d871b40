"""The git state of a notebook's repository: commit, branch, dirty flag, diff and remotes.

GitPython is imported on first use, not with the core: its import looks for the
git executable, which a kernel that never records git state should not pay for.
Remote URLs lose their credentials and the diff goes through the same redaction
as captured code, since both end up in the shared record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from pathlib import Path

from ..frozen import frozen
from .redaction import redact, strip_url_credentials

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DIFF_TIMEOUT", "MAX_DIFF_CHARS", "GitState", "git_state"]

#: Longest diff kept in a record; a notebook with outputs can change by megabytes.
MAX_DIFF_CHARS = 256 * 1024
#: Seconds `git diff` may take before it is killed (a huge repository, a slow disk).
DIFF_TIMEOUT = 10.0


@frozen
class GitState:
    """Where the code of a run stands in git.

    ``branch`` is ``None`` on a detached HEAD. ``dirty`` is true when tracked files
    differ from HEAD (staged or not; untracked files do not count). ``diff`` is
    that difference as a patch, cut at `MAX_DIFF_CHARS` with a note saying so.
    If ``git diff`` fails or outlasts `DIFF_TIMEOUT`, ``dirty`` is true and
    ``diff`` says so. ``remotes`` maps remote names to URLs without credentials.
    """

    commit: str
    branch: str | None
    dirty: bool
    diff: str
    remotes: Mapping[str, str] = field(default_factory=dict)


def git_state(path: Path | str) -> GitState | None:
    """Read the git state of the repository holding ``path``; never raises.

    Parameters
    ----------
    path
        A file or folder inside the repository (the notebook, usually).

    Returns
    -------
    GitState or None
        ``None`` outside a repository, in a repository without a commit yet, when
        git is not installed, or when git cannot read the repository.
    """
    start = Path(path)
    try:
        if not start.is_dir():
            start = start.parent
    except OSError:
        return None
    if not _may_be_in_repository(start):
        return None  # importing GitPython alone costs a new process some 60 ms
    try:
        import git
    except Exception:  # GitPython raises ImportError, or worse, when git is missing
        return None
    try:
        with git.Repo(start, search_parent_directories=True) as repo:
            return _read_state(repo)
    except Exception:  # not a repository, no commit yet, unreadable: no git state
        return None


def _may_be_in_repository(folder: Path) -> bool:
    """Whether ``folder`` or a parent holds ``.git`` or is a bare repository's folder.

    The same search as GitPython's ``search_parent_directories``, by a few stats:
    false means no repository holds ``folder``.
    """
    folder = folder.absolute()
    try:
        for candidate in (folder, *folder.parents):
            if (candidate / ".git").exists():
                return True
            if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
                return True  # a bare repository, or a .git folder itself
    except OSError:
        return True  # unreadable: let GitPython decide
    return False


def _read_state(repo: Any) -> GitState | None:
    try:
        commit = repo.head.commit.hexsha
    except ValueError:  # HEAD names a branch without commits
        return None
    branch = None if repo.head.is_detached else repo.active_branch.name
    try:
        # --no-ext-diff and --no-textconv: a configured notebook differ is a program
        # we must not run inside a user's kernel.
        diff = repo.git.diff(
            "HEAD",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            kill_after_timeout=DIFF_TIMEOUT,
        )
        dirty = bool(diff)
    except Exception as problem:  # timed out or failed: keep the commit, say why
        # Unknown counts as dirty: a run must not claim to match a commit it may not.
        dirty = True
        diff = f"[mlops-lab: no diff, `git diff HEAD` failed: {type(problem).__name__}]\n"
    remotes = {remote.name: strip_url_credentials(remote.url) for remote in repo.remotes}
    return GitState(
        commit=commit,
        branch=branch,
        dirty=dirty,
        diff=_capped(redact(diff)),
        # A plain dict, not a read-only proxy: dataclasses.asdict must be able to copy it.
        remotes=remotes,
    )


def _capped(diff: str) -> str:
    if len(diff) <= MAX_DIFF_CHARS:
        return diff
    cut = diff.rfind("\n", 0, MAX_DIFF_CHARS) + 1 or MAX_DIFF_CHARS
    return (
        diff[:cut]
        + f"[mlops-lab: diff truncated, {cut:,} of {len(diff):,} characters kept; "
        + "run `git diff HEAD` in the repository for the rest]\n"
    )
