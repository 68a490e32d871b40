"""Bench: data profile and drift monitor of a 1M x 20 table, against Evidently's DataDriftPreset.

The reference table has 20 numeric columns of ``--rows`` rows; the current batch
is drawn again from the same distributions, except a few columns shifted or
rescaled by known amounts. Measured (median of ``--repeat``):

- mlops-lab profile: `profile_frame` of the reference (what is stored with a run);
- mlops-lab monitor: profile of the batch over the reference's bins, plus the
  per-column PSI / KS comparison (`compare_profiles`);
- Evidently: ``Report([DataDriftPreset()]).run(current, reference)`` on the same frames;

then the per-column drift verdicts of both tools, and how many agree.

Evidently is not a dependency of mlops-lab. Its 0.7 line needs pandas < 3; to
run it beside a newer environment, install it (and pandas 2) into a folder of
its own and pass it with ``--evidently-path``::

    pip install --target /tmp/evidently-site --no-deps evidently "pandas<3" pytz ...
    python bench/continuous.py --rows 1000000 --evidently-path /tmp/evidently-site
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

#: Columns of the batch that really moved: (column, shift in std units, scale factor).
CHANGES = {"c0": (0.5, 1.0), "c1": (0.0, 1.5), "c2": (0.05, 1.0), "c3": (1.0, 1.0)}
COLUMNS = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--evidently-path", metavar="DIR", help="a folder Evidently is in")
    parser.add_argument("--evidently-repeat", type=int, default=1, help="it takes minutes")
    args = parser.parse_args()
    if args.evidently_path:  # first, so its pandas (if any) is the one both tools use
        sys.path.insert(0, args.evidently_path)

    import numpy as np
    import pandas as pd

    from mlops_lab.core.continuous import compare_profiles, profile_frame

    reference, current = _tables(np, pd, args.rows)
    profile_ms = _median_ms(lambda: profile_frame(reference), args.repeat)
    training = profile_frame(reference)

    def monitor() -> Any:
        return compare_profiles(training, profile_frame(current, reference=training))

    monitor_ms = _median_ms(monitor, args.repeat)
    ours = {c.column: c.drifted for c in monitor().columns}

    evidently_ms: float | None = None
    theirs: dict[str, bool] | None = None
    why_not = ""
    try:
        from evidently import Report
        from evidently.presets import DataDriftPreset

        def evidently() -> Any:
            return Report([DataDriftPreset()]).run(current, reference)

        evidently_ms = _median_ms(evidently, max(1, args.evidently_repeat))
        theirs = _evidently_verdicts(evidently().dict())
    except Exception as error:  # not installed, or not importable with this pandas
        why_not = f"{type(error).__name__}: {error}"

    print(f"\n{args.rows:,} rows x {COLUMNS} numeric columns; pandas {pd.__version__}; "
          f"moved columns: {', '.join(CHANGES)}\n")  # fmt: skip
    print("| step | mlops-lab (ms) | Evidently DataDriftPreset (ms) |")
    print("|---|---:|---:|")
    print(f"| profile the reference (kept with the run) | {profile_ms:.1f} | - |")
    shown = "not run" if evidently_ms is None else f"{evidently_ms:.1f}"
    print(f"| monitor a batch against it | {monitor_ms:.1f} | {shown} |")
    print(f"| total, reference + batch | {profile_ms + monitor_ms:.1f} | {shown} |")
    print("\n| column | change | mlops-lab drift | Evidently drift |")
    print("|---|---|---|---|")
    for column in [f"c{i}" for i in range(COLUMNS)]:
        shift, scale = CHANGES.get(column, (0.0, 1.0))
        change = f"+{shift} std, x{scale}" if column in CHANGES else "none"
        their = "-" if theirs is None else str(theirs.get(column))
        if column in CHANGES or (theirs is not None and theirs.get(column) != ours[column]):
            print(f"| {column} | {change} | {ours[column]} | {their} |")
    others = [f"c{i}" for i in range(COLUMNS) if f"c{i}" not in CHANGES]
    their_count = "-" if theirs is None else str(sum(theirs.get(c, False) for c in others))
    print(f"| {len(others)} other columns | none | "
          f"{sum(ours[c] for c in others)} drifted | {their_count} drifted |")  # fmt: skip
    if theirs is not None:
        agree = sum(theirs.get(c) == ours[c] for c in ours)
        print(f"\nVerdicts agree on {agree} of {len(ours)} columns.")
    else:
        print(f"\nEvidently not run ({why_not}); see this script's docstring to install it.")
    command = f"python bench/continuous.py --rows {args.rows} --repeat {args.repeat}"
    if args.evidently_path:
        command += f" --evidently-path {args.evidently_path}"
    print(f"\nRerun: {command}")
    return 0


def _tables(np: Any, pd: Any, rows: int) -> tuple[Any, Any]:
    rng = np.random.default_rng(7)
    means = rng.uniform(-5, 5, COLUMNS)
    stds = rng.uniform(0.5, 3, COLUMNS)
    names = [f"c{i}" for i in range(COLUMNS)]
    reference = pd.DataFrame(rng.normal(means, stds, (rows, COLUMNS)), columns=names)
    current = pd.DataFrame(rng.normal(means, stds, (rows, COLUMNS)), columns=names)
    for column, (shift, scale) in CHANGES.items():
        i = names.index(column)
        current[column] = means[i] + (current[column] - means[i]) * scale + shift * stds[i]
    return reference, current


def _evidently_verdicts(snapshot: dict[str, Any]) -> dict[str, bool]:
    """Per column: drifted, read from each ValueDrift metric (p-values drift below threshold)."""
    verdicts = {}
    for metric in snapshot["metrics"]:
        config = metric.get("config", {})
        if not str(config.get("type", "")).endswith("ValueDrift"):
            continue
        value, threshold = float(metric["value"]), float(config["threshold"])
        p_value = "p_value" in str(config.get("method", ""))
        verdicts[config["column"]] = value < threshold if p_value else value >= threshold
    return verdicts


def _median_ms(action: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
