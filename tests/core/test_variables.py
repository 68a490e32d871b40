"""Variable summaries are cheap, short and never raise; only user state is capturable."""

from __future__ import annotations

import collections
import json
import math
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlops_lab.core.capture.value_fingerprints import fingerprint_value
from mlops_lab.core.capture.variables import REPR_MAX, VariableSummary, capturable, summarize


def test_dataframe_summary() -> None:
    df = pd.DataFrame({"a": [1, 2, 3], "b": [0.5, 1.5, 2.5], "c": ["x", "y", "z"]})
    summary = summarize(df)
    assert summary.type == "pandas.DataFrame"
    assert summary.shape == (3, 3)
    assert summary.dtype == "int64: 1, float64: 1, str: 1"
    assert summary.nbytes == int(df.memory_usage(deep=False).sum())
    assert summary.repr == "DataFrame 3 rows x 3 columns: a, b, c"


def test_single_dtype_frame_names_it_once() -> None:
    assert summarize(pd.DataFrame(np.zeros((2, 4)))).dtype == "float64"


def test_series_summary_is_one_line() -> None:
    series = pd.Series(range(100), name="loss")
    summary = summarize(series)
    assert (summary.type, summary.shape, summary.dtype) == ("pandas.Series", (100,), "int64")
    assert summary.nbytes == series.memory_usage(deep=False)
    assert summary.repr.startswith("Series 'loss' 100 values: [0, 1, 2")
    assert "\n" not in summary.repr


def test_array_summary() -> None:
    array = np.zeros((1000, 30), dtype=np.float32)
    assert summarize(array) == VariableSummary(
        "numpy.ndarray", (1000, 30), "float32", 120_000, summarize(array).repr
    )
    assert len(summarize(array).repr) <= REPR_MAX
    assert "\n" not in summarize(array).repr


@pytest.mark.parametrize(
    ("value", "type_name", "shape"),
    [
        ([1, 2, 3], "list", (3,)),
        ((1,), "tuple", (1,)),
        ({"a": 1, "b": 2}, "dict", (2,)),
        ({1, 2}, "set", (2,)),
        ("abc", "str", (3,)),
        (collections.OrderedDict(a=1), "collections.OrderedDict", (1,)),
        (collections.deque([1, 2]), "collections.deque", (2,)),
        (3, "int", None),
        (2.5, "float", None),
        (None, "NoneType", None),
        (pd.Timestamp("2026-01-01"), "pandas.Timestamp", None),
    ],
)
def test_containers_have_their_length_as_shape(
    value: object, type_name: str, shape: tuple[int, ...] | None
) -> None:
    summary = summarize(value)
    assert (summary.type, summary.shape) == (type_name, shape)


def test_bytes_report_their_size() -> None:
    assert summarize(b"abcd").nbytes == 4


def test_long_reprs_are_cut_to_one_short_line() -> None:
    summary = summarize("x" * 10_000)
    assert len(summary.repr) <= REPR_MAX
    nested = {f"key{i}": list(range(100)) for i in range(100)}
    assert len(summarize(nested).repr) <= REPR_MAX


class Hostile:
    """Every introspection hook fails."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")

    def __len__(self) -> int:
        raise RuntimeError("no len")

    @property
    def shape(self) -> tuple[int, ...]:
        raise RuntimeError("no shape")

    @property
    def dtype(self) -> str:
        raise RuntimeError("no dtype")

    @property
    def nbytes(self) -> int:
        raise RuntimeError("no nbytes")


def test_summarize_never_raises() -> None:
    summary = summarize(Hostile())
    assert summary.type == f"{__name__}.Hostile"
    assert (summary.shape, summary.dtype, summary.nbytes) == (None, None, None)
    assert "Hostile" in summary.repr


class BrokenProxy:
    """Like an unbound proxy object: even asking for its class fails."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        raise RuntimeError("unbound")

    def __getattr__(self, name: str) -> object:
        raise RuntimeError("unbound")


def test_a_proxy_that_fails_isinstance_is_handled() -> None:
    proxy = BrokenProxy()
    summary = summarize(proxy)
    assert summary.type.endswith("BrokenProxy")
    assert capturable("proxy", proxy)
    assert fingerprint_value(proxy).method == "unfingerprintable"


def test_unpicklable_values_are_summarized() -> None:
    lock = threading.Lock()
    assert summarize(lock).type == "_thread.lock"
    with Path(os.devnull).open() as handle:
        assert summarize(handle).type.endswith("TextIOWrapper")


def notebook_function() -> None:
    """Stands for a function defined in the notebook (module __main__)."""


notebook_function.__module__ = "__main__"


class NotebookClass:
    pass


NotebookClass.__module__ = "__main__"


@pytest.mark.parametrize(
    "name", ["_", "__", "___", "_i1", "_ih", "_oh", "_dh", "In", "Out", "exit", "quit"]
)
def test_ipython_names_are_not_captured(name: str) -> None:
    assert not capturable(name, [1, 2])


def test_get_ipython_is_not_captured() -> None:
    assert not capturable("get_ipython", lambda: None)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("np", np),
        ("os", os),
        ("sqrt", math.sqrt),
        ("DataFrame", pd.DataFrame),
        ("Path", Path),
        ("Callable", Callable),
        ("read_csv", pd.read_csv),
        ("_private", 1),
    ],
)
def test_imports_and_private_names_are_not_captured(name: str, value: object) -> None:
    assert not capturable(name, value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("df", pd.DataFrame({"a": [1]})),
        ("x", 1),
        ("model", object()),
        ("train", notebook_function),
        ("Net", NotebookClass),
    ],
)
def test_user_state_is_captured(name: str, value: object) -> None:
    assert capturable(name, value)


def test_capture_modules_load_no_user_library() -> None:
    # NumPy and pandas are the user's; GitPython looks for git when imported.
    probe = (
        "import sys, json\n"
        "import mlops_lab.core.capture.fingerprints, mlops_lab.core.capture.value_fingerprints\n"
        "import mlops_lab.core.capture.variables\n"
        "import mlops_lab.core.capture.environment, mlops_lab.core.capture.git_state\n"
        "import mlops_lab.core.capture.host, mlops_lab.core.capture.redaction\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", probe], text=True))
    assert [name for name in ("numpy", "pandas", "pyarrow", "git") if name in loaded] == []
