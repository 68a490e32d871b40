"""The CI steps (examples/ci/pr-check.sh, run by github-actions.yml) in a scratch git repository.

A baseline is tracked on ``main``, the candidate on a branch whose notebook is
worse; the report is written and the gate decides the exit status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import cli, write_metrics_notebook

import mlops_lab

REPOSITORY = Path(mlops_lab.__file__).resolve().parents[1]
SCRIPT = REPOSITORY / "examples" / "ci" / "pr-check.sh"
WORKFLOW = REPOSITORY / "examples" / "ci" / "github-actions.yml"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: the notebook with lr = 0.5; branch ``worse``: lr = 0.1 (acc 1.0 -> 0.5)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "config", "user.email", "test@example.invalid")
    git(repo, "config", "user.name", "Test")
    (repo / ".gitignore").write_text(".mlops-lab/\n*.md\n*-charts/\n")
    write_metrics_notebook(repo / "train.ipynb", lr=0.5)
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "train")
    git(repo, "switch", "--quiet", "-c", "worse")
    write_metrics_notebook(repo / "train.ipynb", lr=0.1)
    git(repo, "commit", "--quiet", "-am", "a smaller learning rate")
    return repo


def pr_check(repo: Path, *requirements: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NOTEBOOK": "train.ipynb",
        "MLOPS_LAB_STORE": str(repo / ".mlops-lab"),
        "MLOPS_LAB": f"{sys.executable} -m mlops_lab.cli",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")])
        ),
    }
    return subprocess.run(
        ["bash", str(SCRIPT), *requirements],
        cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_a_worse_candidate_fails_the_gate_with_a_report(repo: Path) -> None:
    done = pr_check(repo, "acc >= base - 0.01", "loss <= base * 1.05")
    assert done.returncode == 1, done.stderr
    assert "acc >= base - 0.01: acc = 0.5, required >= 0.99 (base 1)" in done.stderr
    report = (repo / "mlops-lab-report.md").read_text(encoding="utf-8")
    assert "(git worse " in report
    assert "(git main " in report
    assert "| acc | 1 | 0.5 | -0.5 | -50.00% | ⬇️ worse |" in report
    assert "cell <code>params</code> (changed" in report
    assert "+lr = 0.1" in report
    # Back on the branch it started from, the working tree as it was.
    branch = subprocess.run(
        ["git", "branch", "--show-current"], cwd=repo, capture_output=True, text=True, check=True
    )
    assert branch.stdout.strip() == "worse"


def test_requirements_that_hold_pass_and_a_malformed_one_exits_2(repo: Path) -> None:
    assert pr_check(repo, "acc >= 0.4").returncode == 0
    malformed = pr_check(repo, "acc >=")
    assert malformed.returncode == 2
    assert "Malformed requirement 'acc >='" in malformed.stderr


def test_the_workflow_runs_the_script_and_posts_the_report() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["notebook"]["steps"]
    assert any("examples/ci/pr-check.sh" in step.get("run", "") for step in steps)
    assert any("gh pr comment" in step.get("run", "") for step in steps)
    assert workflow[True] == {"pull_request": None}  # YAML 1.1 reads the key `on` as true


def test_without_a_baseline_requirements_on_base_are_skipped(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    store = str(repo / ".mlops-lab")
    done = cli("ci", "train.ipynb", "--require", "acc >= base", "acc >= 0.9",
               "--report", "report.md", "--store", store)  # fmt: skip
    assert done.code == 1
    assert "baseline: none found" in done.out
    assert "skipped (no baseline): acc >= base" in done.out
    assert "acc >= 0.9: acc = 0.5, required >= 0.9" in done.err
    assert "No baseline run" in (repo / "report.md").read_text(encoding="utf-8")
