"""P3: fingerprint a 10M-row x 5-column DataFrame, against pandas' own row hashing.

The frame has an int64, a float64, a string, a categorical and a datetime column.
`fingerprint_value` hashes every row of every column plus the schema; the peer,
``pandas.util.hash_pandas_object(df).sum()``, hashes row by row (run once: it
takes seconds). The string column's storage is reported: pandas 3 keeps strings
in Arrow buffers when pyarrow is installed, else as Python objects.

    python bench/fingerprint_frames.py [--rows 10000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from datetime import date
from functools import partial

import numpy as np
import pandas as pd

from mlops_lab.core.capture.value_fingerprints import fingerprint_value


def _build_arg_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    return parser


def make_frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    words = np.array([f"customer-{i:05d}-{'x' * (i % 13)}" for i in range(50_000)], dtype=object)
    return pd.DataFrame(
        {
            "id": np.arange(rows, dtype=np.int64),
            "amount": rng.random(rows),
            "customer": pd.array(words[rng.integers(0, len(words), rows)], dtype="str"),
            "segment": pd.Categorical.from_codes(
                rng.integers(0, 4, rows), ["retail", "smb", "mid", "enterprise"]
            ),
            "at": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 10**9, rows), "s"),
        }
    )


def time_ms(action: object, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    args = _build_arg_parser().parse_args(argv)
    frame = make_frame(args.rows)
    gc.collect()
    storage = getattr(frame["customer"].dtype, "storage", "?")
    ours = time_ms(lambda: fingerprint_value(frame), args.repeat)
    strings = time_ms(lambda: fingerprint_value(frame["customer"]), args.repeat)
    rest = time_ms(partial(fingerprint_value, frame.drop(columns="customer")), args.repeat)
    peer = time_ms(lambda: int(pd.util.hash_pandas_object(frame).sum()), 1)
    mib = frame.memory_usage(deep=False).sum() / 2**20
    print(
        f"Measured on {date.today()} on {platform.node() or 'this machine'} "
        f"({platform.machine()}, load average {os.getloadavg()[0]:.1f}, "
        f"{platform.python_version()}, pandas {pd.__version__}, "
        f"strings stored as {storage}), {args.rows:,} rows x 5 columns "
        f"({mib:,.0f} MiB of buffers), median / min of {args.repeat} in ms:\n"
    )
    print("| what | mlops-lab `fingerprint_value` | `hash_pandas_object(df).sum()` |")
    print("|---|---|---|")
    print(f"| whole DataFrame | {_cell(ours)} | {peer[0]:.0f} (one run) |")
    print(f"| string column alone | {_cell(strings)} | |")
    print(f"| the 4 other columns | {_cell(rest)} | |")
    command = f"python bench/fingerprint_frames.py --rows {args.rows} --repeat {args.repeat}"
    print(f"\ncommand: {command}")
    print(f"python: {sys.executable}")
    return 0


def _cell(times: list[float]) -> str:
    return f"{statistics.median(times):.0f} / {min(times):.0f}"


if __name__ == "__main__":
    raise SystemExit(main())
