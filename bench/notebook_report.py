"""bench/checkpoint_notebooks.py's runs: one notebook in one kernel, repetitions merged, tables."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path

from notebook_state import StateComparison

from mlops_lab.core.checkpoint import format_size

__all__ = ["PLAIN", "RECORDED", "Execution", "merge", "print_table"]

PLAIN = "no checkpoint"
RECORDED = "mlops-lab recording, no checkpoint"


@dataclass
class Execution:
    """One notebook run in one kernel, and the restore of its last checkpoint."""

    seconds: float = 0.0  # end to end: every cell's reply time
    errors: list[str] = field(default_factory=list)
    checkpoints: list[float] = field(default_factory=list)
    growth: int | None = None
    stored: int | None = None  # distinct values the checkpoints hold (mlops-lab)
    imports_s: float | None = None  # in the fresh kernel, before the restore
    restore_s: float | None = None
    restore_error: str | None = None
    modules: list[str] = field(default_factory=list)
    comparison: StateComparison | None = None


def merge(runs: list[Execution]) -> Execution:
    """Repetitions of one run as one: medians of the times (each cell's checkpoint apart).

    Sizes, errors and the comparison are the first repetition's; the notebook
    and the tools do the same thing each time.
    """

    def median(values: list[float | None]) -> float | None:
        present = [value for value in values if value is not None]
        return statistics.median(present) if present else None

    checkpoints = [list(times) for times in zip(*(run.checkpoints for run in runs), strict=False)]
    return replace(
        runs[0],
        seconds=statistics.median(run.seconds for run in runs),
        checkpoints=[statistics.median(times) for times in checkpoints],
        imports_s=median([run.imports_s for run in runs]),
        restore_s=median([run.restore_s for run in runs]),
    )


def seconds_text(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


ROWS = (
    "cells that raised",
    "notebook end to end",
    "overhead over no checkpoint",
    "checkpoint after a cell, median / max",
    "checkpoints, all cells",
    "store growth",
    "importing the modules of the last checkpoint, fresh kernel",
    "then restoring the last checkpoint",
    "variables restored",
    "equal / differ / not compared",
)


def column(run: Execution, plain: Execution | None) -> list[str]:
    """A run's cells of the table, in the order of ``ROWS``; ``plain`` None for the plain run."""
    raised = str(sum(error.startswith("cell") for error in run.errors))
    if plain is None:
        return [raised, seconds_text(run.seconds)] + [""] * (len(ROWS) - 2)
    extra = run.seconds - plain.seconds
    overhead = f"{seconds_text(abs(extra))} ({extra / plain.seconds * 100:+.0f}%)"
    overhead = ("+" if extra >= 0 else "-") + overhead
    if not run.checkpoints:
        return [raised, seconds_text(run.seconds), overhead] + [""] * (len(ROWS) - 3)
    times = run.checkpoints or [float("nan")]
    compared = run.comparison
    stored = "" if run.stored is None else f" ({format_size(run.stored)} of values)"
    return [
        raised,
        seconds_text(run.seconds),
        overhead,
        f"{seconds_text(statistics.median(times))} / {seconds_text(max(times))}",
        seconds_text(sum(run.checkpoints)),
        "n/a" if run.growth is None else format_size(run.growth) + stored,
        seconds_text(run.imports_s),
        seconds_text(run.restore_s),
        f"{compared.restored} of {compared.variables}" if compared else "n/a",
        f"{compared.equal} / {len(compared.differ)} / {len(compared.not_compared)}"
        if compared
        else "n/a",
    ]


def print_table(notebook: Path, cells: int, runs: dict[str, Execution]) -> None:
    plain = runs[PLAIN]
    columns = [column(run, None if name == PLAIN else plain) for name, run in runs.items()]
    print(f"\n### {notebook.name} ({cells} code cells)\n")
    print("| | " + " | ".join(runs) + " |")
    print("|---" * (len(runs) + 1) + "|")
    for index, label in enumerate(ROWS):
        print(f"| {label} | " + " | ".join(texts[index] for texts in columns) + " |")
    print()
    # The notebook's own errors (in every run alike) once; those of one run under its name.
    common = set.intersection(*(set(run.errors) for run in runs.values()))
    for error in runs[PLAIN].errors:
        if error in common:
            print(f"- every run: {error}")
    for name, run in runs.items():
        for error in run.errors:
            if error not in common:
                print(f"- {name}: {error}")
        if run.restore_error:
            print(f"- {name}: the restore raised {run.restore_error}")
        compared = run.comparison
        if compared is None:
            continue
        for variable, reason in compared.missing.items():
            print(f"- {name}: `{variable}` not restored ({reason})")
        if compared.differ:
            print(f"- {name}: restored but different: {', '.join(compared.differ)}")
        if compared.not_compared:
            listed = ", ".join(f"`{v}` ({t})" for v, t in compared.not_compared.items())
            print(f"- {name}: restored, not compared: {listed}")
