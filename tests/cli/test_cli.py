"""The command line: results on stdout, one-line errors on stderr, exit codes."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import mlops_lab
from mlops_lab.cli import main
from mlops_lab.core import Run, Store

RUN_KEYS = {
    "id",
    "name",
    "experiment",
    "notebook",
    "status",
    "started_at",
    "ended_at",
    "duration",
    "active_time",
    "continues",
    "continued_by",
    "origin",
    "git",
    "cell_count",
    "params",
    "metrics",
    "tags",
}


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run_cli("--version")
    assert code == 0
    assert capsys.readouterr().out.strip() == f"mlops-lab {mlops_lab.__version__}"


def test_runs_json_of_an_empty_store_is_an_empty_list(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    code, out = run_cli("runs", "--json", "--store", str(store_path))
    assert code == 0
    assert json.loads(out) == []


def test_runs_json_lists_every_run_newest_first(store_path: Path, seeded: list[Run]) -> None:
    code, out = run_cli("--store", str(store_path), "runs", "--json")
    assert code == 0
    runs = json.loads(out)
    assert [r["name"] for r in runs] == [f"run-{i:03d}" for i in range(11, -1, -1)]
    assert set(runs[0]) == RUN_KEYS
    assert runs[0]["ended_at"].endswith("Z")


def test_runs_filters_and_limits(store_path: Path, seeded: list[Run]) -> None:
    code, out = run_cli(
        "runs", "--store", str(store_path), "--experiment", "train.ipynb", "--limit", "2", "--json"
    )
    assert code == 0
    assert [r["name"] for r in json.loads(out)] == ["run-010", "run-008"]


def test_runs_table_is_readable(store_path: Path, seeded: list[Run]) -> None:
    code, out = run_cli("runs", "--store", str(store_path), "--status", "failed")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:6] == ["ID", "NAME", "STATUS", "NOTEBOOK", "STARTED", "DURATION"]
    assert len(lines) == 5
    assert lines[1].startswith(seeded[11].id[:8])
    assert "run-011" in lines[1]
    assert "12.0s" in lines[1]


def test_show_json_has_the_run_and_its_cells(store_path: Path, seeded: list[Run]) -> None:
    run = seeded[2]
    code, out = run_cli("show", run.id[:6], "--json", "--store", str(store_path))
    assert code == 0
    body = json.loads(out)
    assert set(body) == RUN_KEYS | {
        "cells",
        "variables",
        "data",
        "env",
        "git",
        "host",
        "metric_history",
        "artifacts",
    }
    assert body["id"] == run.id
    assert [c["execution_count"] for c in body["cells"]] == [1, 2]
    assert [c["duration_ms"] for c in body["cells"]] == [10.0, 20.0]


def test_show_text_has_params_metrics_and_code(store_path: Path, seeded: list[Run]) -> None:
    code, out = run_cli("show", seeded[2].id, "--store", str(store_path))
    assert code == 0
    assert "status:     failed" in out
    assert 'model = "linear"' in out
    assert "ZeroDivisionError: division by zero" in out
    assert "    x = 2" in out


def test_the_store_comes_from_the_environment(
    store_path: Path, seeded: list[Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLOPS_LAB_STORE", str(store_path))
    code, out = run_cli("info", "--json")
    assert code == 0
    assert json.loads(out)["run_count"] == 12


def test_the_store_is_found_from_a_subfolder(
    store_path: Path, seeded: list[Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = store_path.parent / "notebooks" / "deep"
    sub.mkdir(parents=True)
    monkeypatch.delenv("MLOPS_LAB_STORE", raising=False)
    monkeypatch.chdir(sub)
    code, out = run_cli("runs", "--json")
    assert code == 0
    assert len(json.loads(out)) == 12


@pytest.mark.parametrize(
    ("argv", "exit_code", "message"),
    [
        (["show", "ffff0000"], 1, "No run with id 'ffff0000'"),
        (["runs", "--limit", "-3"], 2, "expected 0 or more"),
        (["runs", "--status", "sleeping"], 2, "invalid choice"),
        (["frobnicate"], 2, "invalid choice"),
        (["show"], 2, "the following arguments are required: RUN"),
    ],
)
def test_bad_input_is_one_line_on_stderr(
    store_path: Path,
    seeded: list[Run],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    exit_code: int,
    message: str,
) -> None:
    code, out = run_cli("--store", str(store_path), *argv)
    err = capsys.readouterr().err
    assert code == exit_code
    assert out == ""
    assert err.startswith("mlops-lab: error: ")
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_a_store_from_a_newer_mlops_lab_is_an_actionable_error(
    store_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    store.close()
    conn = sqlite3.connect(store_path / "store.db")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    code, _ = run_cli("runs", "--store", str(store_path))
    assert code == 1
    assert "pip install --upgrade mlops-lab" in capsys.readouterr().err


def test_the_console_script_runs(store_path: Path, seeded: list[Run]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlops_lab.cli", "runs", "--json", "--store", str(store_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 12


def test_every_command_is_mapped_to_the_group_that_adds_it() -> None:
    # main() imports only a command's own group: a command missing from the map
    # would still work (all groups load) but start slower; one mapped to the
    # wrong group would not parse at all.
    import importlib

    cli_main = importlib.import_module("mlops_lab.cli.main")

    for group in cli_main._GROUPS:
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        importlib.import_module(f"mlops_lab.cli.{group}").add_commands(
            commands, argparse.ArgumentParser(add_help=False)
        )
        for command in commands.choices:
            assert cli_main._GROUP_OF.get(command) == group, command
