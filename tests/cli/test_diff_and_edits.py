"""``mlops-lab diff``, ``rename``, ``tag``, ``delete`` and ``runs --filter/--sort``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from mlops_lab.cli import main
from mlops_lab.core import Run, Store


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def test_diff_text_shows_what_differs_per_section(store_path: Path, seeded: list[Run]) -> None:
    a, b = seeded[0], seeded[4]
    code, out = run_cli("diff", a.id[:8], b.id[:8], "--store", str(store_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Comparing 2 runs; A is the baseline."
    assert lines[1] == f"  A  {a.id[:8]}  run-000  (finished)"
    assert "params: 1 changed, 1 unchanged" in lines
    assert any(line.split() == ["~", "lr", "0.1", "0.5"] for line in lines)
    assert "code (cells by id): 1 added, 1 removed, 1 unchanged" in lines
    assert any(line.split() == ["+", "cell-4", "-", "x", "=", "4"] for line in lines)
    assert "environment: none recorded" in lines
    assert "\033[" not in out  # not a terminal: no colours


def test_diff_all_also_lists_unchanged_and_cell_diffs(store: Store, seeded: list[Run]) -> None:
    a, b = seeded[0], seeded[3]
    store.record_cell(b.id, code="x = 99", started_at=b.started_at, duration=0.1, cell_id="cell-0")
    store.record_cell(a.id, code="x = 1", started_at=a.started_at, duration=0.1, cell_id="cell-0")
    code, out = run_cli("diff", a.id, b.id, "--all", "--store", str(store.path))
    assert code == 0
    lines = out.splitlines()
    assert any(line.split() == ["~", "loss", "0.333333", "0.166667"] for line in lines)
    assert any(line.split() == ["#1", "import", "math", "import", "math"] for line in lines)
    assert "cell cell-0, A -> B:" in out
    assert "      -x = 1" in lines
    assert "      +x = 99" in lines


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "feedbeef", "beefbeef"], "No run"),
    ],
)
def test_diff_errors_are_one_line(
    store_path: Path,
    seeded: list[Run],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    code, _ = run_cli(*argv, "--store", str(store_path))
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("mlops-lab: error: ")
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_diff_of_one_run_is_a_usage_error(
    store_path: Path, seeded: list[Run], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run_cli("diff", seeded[0].id[:8], "--store", str(store_path))
    err = capsys.readouterr().err
    assert code == 2
    assert "name a second RUN" in err
    assert len(err.strip().splitlines()) == 1


def test_a_run_prefix_shorter_than_four_characters_says_so(
    store_path: Path, seeded: list[Run], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run_cli("show", seeded[0].id[:2], "--store", str(store_path))
    assert code == 1
    assert "too short: give at least 4 characters" in capsys.readouterr().err


def test_runs_shows_the_params_and_metrics_that_differ_as_columns(
    store_path: Path, seeded: list[Run]
) -> None:
    code, out = run_cli("runs", "--limit", "3", "--store", str(store_path))
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[:6] == ["ID", "NAME", "STATUS", "NOTEBOOK", "STARTED", "DURATION"]
    assert "loss" in header
    assert "lr" in header


def test_runs_always_shows_what_sort_and_filter_name_and_columns_chooses(
    store_path: Path, seeded: list[Run]
) -> None:
    code, out = run_cli(
        "runs", "--filter", "loss<0.1", "--columns", "lr", "--store", str(store_path)
    )
    assert code == 0
    assert out.splitlines()[0].split()[6:] == ["lr"]
    code, out = run_cli(
        "runs", "--sort", "params.lr", "--filter", "loss<0.1", "--store", str(store_path)
    )
    assert out.splitlines()[0].split()[6:8] == ["lr", "loss"]


def test_runs_says_when_no_run_matches_a_filter(store_path: Path, seeded: list[Run]) -> None:
    code, out = run_cli("runs", "--filter", "loss<-5", "--store", str(store_path))
    assert (code, out) == (0, "No run matches the given filter.\n")


def test_runs_refuses_a_malformed_filter_term_naming_it(
    store_path: Path, seeded: list[Run], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli("runs", "--filter", "acc>>", "--store", str(store_path))
    assert (code, out) == (1, "")
    err = capsys.readouterr().err
    assert (
        err == "mlops-lab: error: Filter term 'acc>>' has two operators; use one, e.g. acc>0.5.\n"
    )


def test_runs_filter_and_sort_by_metric(store_path: Path, seeded: list[Run]) -> None:
    code, out = run_cli(
        "runs",
        "--filter",
        "loss<0.1",
        "--sort",
        "metrics.loss",
        "--asc",
        "--json",
        "--store",
        str(store_path),
    )
    assert code == 0
    assert [r["name"] for r in json.loads(out)] == ["run-011", "run-010", "run-009", "run-008"]


def test_runs_refuses_an_unknown_sort_key(
    store_path: Path, seeded: list[Run], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run_cli("runs", "--sort", "accuracy", "--store", str(store_path))
    assert code == 2
    assert "metrics.NAME or params.NAME" in capsys.readouterr().err


def test_rename_tag_and_delete(store: Store, seeded: list[Run]) -> None:
    run = seeded[0]
    assert run_cli("rename", run.id[:8], "baseline", "--store", str(store.path)) == (
        0,
        f"{run.id[:8]}  baseline\n",
    )
    code, out = run_cli(
        "tag", run.id[:8], "team=cv", "--remove", "seed", "--store", str(store.path)
    )
    assert (code, out) == (0, "team=cv\n")
    assert store.get_run(run.id).tags == {"team": "cv"}
    code, out = run_cli("delete", run.id, seeded[1].id[:8], "--store", str(store.path))
    assert code == 0
    assert out.splitlines() == [f"deleted {run.id}", f"deleted {seeded[1].id}"]
    assert store.info().run_count == len(seeded) - 2


def test_delete_with_one_unknown_id_deletes_nothing(store: Store, seeded: list[Run]) -> None:
    code, _ = run_cli("delete", seeded[0].id, "deadbeef", "--store", str(store.path))
    assert code == 1
    assert store.info().run_count == len(seeded)


def test_tag_needs_a_pair(
    store: Store, seeded: list[Run], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run_cli("tag", seeded[0].id, "oops", "--store", str(store.path))
    assert code == 1
    assert "Expected KEY=VALUE, got 'oops'" in capsys.readouterr().err
