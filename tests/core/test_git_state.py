"""Git state of the notebook's repository: None outside one, credentials never kept."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from mlops_lab.core.capture.git_state import MAX_DIFF_CHARS, git_state


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "user.name", "Test")
    git(root, "config", "commit.gpgsign", "false")
    (root / "train.ipynb").write_text('{"cells": []}\n')
    (root / "data").mkdir()
    (root / "data" / "notes.txt").write_text("first\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    return root


def test_clean_repository(repo: Path) -> None:
    state = git_state(repo / "train.ipynb")
    assert state is not None
    assert state.commit == git(repo, "rev-parse", "HEAD")
    assert state.branch == "main"
    assert state.dirty is False
    assert state.diff == ""
    assert dict(state.remotes) == {}


def test_found_from_a_subfolder(repo: Path) -> None:
    state = git_state(repo / "data")
    assert state is not None
    assert state.commit == git(repo, "rev-parse", "HEAD")


def test_uncommitted_changes_are_the_diff(repo: Path) -> None:
    (repo / "data" / "notes.txt").write_text("first\nsecond\n")
    (repo / "untracked.txt").write_text("not part of the diff")
    state = git_state(repo)
    assert state is not None
    assert state.dirty is True
    assert "+second" in state.diff
    assert "untracked" not in state.diff


def test_staged_changes_count_as_dirty(repo: Path) -> None:
    (repo / "train.ipynb").write_text('{"cells": [1]}\n')
    git(repo, "add", "train.ipynb")
    state = git_state(repo)
    assert state is not None
    assert state.dirty is True
    assert "train.ipynb" in state.diff


def test_untracked_files_alone_are_not_dirty(repo: Path) -> None:
    (repo / "out.csv").write_text("a\n")
    state = git_state(repo)
    assert state is not None
    assert state.dirty is False


def test_secrets_in_the_diff_are_redacted(repo: Path) -> None:
    (repo / "data" / "notes.txt").write_text('first\npassword = "hunter2"\n')
    state = git_state(repo)
    assert state is not None
    assert "hunter2" not in state.diff
    assert "[REDACTED]" in state.diff


def test_long_diff_is_cut_with_a_note(repo: Path) -> None:
    (repo / "data" / "notes.txt").write_text("first\n" + "line of text\n" * 50_000)
    state = git_state(repo)
    assert state is not None
    assert len(state.diff) < MAX_DIFF_CHARS + 200
    assert "diff truncated" in state.diff
    assert state.diff.endswith("run `git diff HEAD` in the repository for the rest]\n")


def test_detached_head_has_no_branch(repo: Path) -> None:
    commit = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "--detach", commit)
    state = git_state(repo)
    assert state is not None
    assert state.branch is None
    assert state.commit == commit


def test_remote_credentials_are_stripped(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "https://user:password@github.com/org/project.git")
    git(repo, "remote", "add", "mirror", "git@gitlab.com:org/project.git")
    state = git_state(repo)
    assert state is not None
    assert dict(state.remotes) == {
        "origin": "https://github.com/org/project.git",
        "mirror": "git@gitlab.com:org/project.git",
    }


def test_none_outside_a_repository(tmp_path: Path) -> None:
    assert git_state(tmp_path) is None


def test_none_before_the_first_commit(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    assert git_state(tmp_path) is None


def test_none_for_a_missing_path(tmp_path: Path) -> None:
    assert git_state(tmp_path / "missing" / "nb.ipynb") is None


def test_state_converts_to_plain_data(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "https://github.com/org/project.git")
    state = git_state(repo)
    assert state is not None
    data = dataclasses.asdict(state)
    assert data["remotes"] == {"origin": "https://github.com/org/project.git"}
    assert data["branch"] == "main"


def test_a_failing_diff_keeps_the_commit(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import git as gitpython

    def fail(*args: object, **kwargs: object) -> str:
        raise gitpython.GitCommandError("diff", 1)

    monkeypatch.setattr(gitpython.cmd.Git, "diff", fail, raising=False)
    state = git_state(repo)
    assert state is not None
    assert state.commit == git(repo, "rev-parse", "HEAD")
    assert state.dirty is True
    assert "failed" in state.diff


def test_found_from_a_worktree(repo: Path, tmp_path: Path) -> None:
    # A linked worktree holds a `.git` file, not a folder: still a repository.
    worktree = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "side", str(worktree))
    state = git_state(worktree / "train.ipynb")
    assert state is not None
    assert state.branch == "side"


def test_found_from_inside_a_bare_repository(repo: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(bare)], check=True)
    state = git_state(bare)
    assert state is not None
    assert state.commit == git(repo, "rev-parse", "HEAD")


def test_outside_a_repository_gitpython_is_not_imported(tmp_path: Path) -> None:
    # Importing GitPython costs a new process about 60 ms: a run outside any
    # repository (a cached pipeline run in /tmp) must not pay it.
    code = (
        "import sys; from mlops_lab.core.capture.git_state import git_state; "
        f"assert git_state({str(tmp_path)!r}) is None; print('git' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
