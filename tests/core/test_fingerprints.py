"""Fingerprints: files through a stat cache, values by content, never an exception."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xxhash

from mlops_lab.core.capture.fingerprints import (
    FileFingerprint,
    MemoryStatCache,
    fingerprint_bytes,
    fingerprint_file,
)
from mlops_lab.core.capture.value_fingerprints import fingerprint_value
from mlops_lab.core.errors import InvalidInputError, NotFoundError


def test_fingerprint_bytes_is_xxh3_128_hex() -> None:
    assert fingerprint_bytes(b"abc") == xxhash.xxh3_128_hexdigest(b"abc")
    assert len(fingerprint_bytes(memoryview(b""))) == 32


@pytest.mark.parametrize("size", [0, 10, (1 << 20) + 7])
@pytest.mark.parametrize("use_mmap", [True, False])
def test_file_fingerprint_is_the_hash_of_its_content(
    tmp_path: Path, size: int, use_mmap: bool
) -> None:
    data = os.urandom(size)
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    result = fingerprint_file(path, use_mmap=use_mmap)
    assert result.fingerprint == fingerprint_bytes(data)
    assert (result.path, result.size) == (str(path), size)
    assert result.inode == path.stat().st_ino


class CountingCache(MemoryStatCache):
    def __init__(self) -> None:
        super().__init__()
        self.hits = 0

    def lookup(self, path: str, size: int, mtime_ns: int, inode: int) -> str | None:
        found = super().lookup(path, size, mtime_ns, inode)
        self.hits += found is not None
        return found


def test_unchanged_file_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "train.csv"
    path.write_text("a,b\n1,2\n")
    cache = CountingCache()
    first = fingerprint_file(path, cache)
    assert len(cache) == 1

    def no_open(*args: object, **kwargs: object) -> int:
        raise AssertionError("an unchanged file must cost a stat, not a read")

    monkeypatch.setattr(os, "open", no_open)
    assert fingerprint_file(path, cache) == first
    assert cache.hits == 1


def test_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "train.csv"
    path.write_text("a,b\n1,2\n")
    cache = MemoryStatCache()
    first = fingerprint_file(path, cache)
    path.write_text("a,b\n1,3\n")
    os.utime(path, ns=(first.mtime_ns + 1_000_000, first.mtime_ns + 1_000_000))
    second = fingerprint_file(path, cache)
    assert second.fingerprint != first.fingerprint
    assert second.fingerprint == fingerprint_bytes(b"a,b\n1,3\n")


def test_a_stale_cache_entry_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "x"
    path.write_bytes(b"new")
    st = path.stat()
    cache = MemoryStatCache()
    cache.remember(FileFingerprint(str(path), st.st_size, st.st_mtime_ns - 1, st.st_ino, "old"))
    assert fingerprint_file(path, cache).fingerprint == fingerprint_bytes(b"new")


def test_missing_file_and_directory_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no such file"):
        fingerprint_file(tmp_path / "missing.csv")
    with pytest.raises(InvalidInputError, match="directory"):
        fingerprint_file(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInputError, match="not a regular file"):
        fingerprint_file(fifo)


def test_numpy_arrays_by_content_dtype_and_shape() -> None:
    a = np.arange(12, dtype=np.int64)
    first = fingerprint_value(a)
    assert first.method == "numpy"
    assert fingerprint_value(a.copy()) == first
    assert fingerprint_value(a.reshape(3, 4)) != first
    assert fingerprint_value(a.astype(np.int32)) != first
    changed = a.copy()
    changed[-1] = 99
    assert fingerprint_value(changed) != first
    # A strided view hashes its logical content, like a contiguous copy of it.
    grid = np.arange(20).reshape(4, 5)
    assert fingerprint_value(grid[:, 1]) == fingerprint_value(np.ascontiguousarray(grid[:, 1]))
    assert fingerprint_value(grid.T) == fingerprint_value(np.ascontiguousarray(grid.T))


def test_numpy_dtypes_without_a_buffer_format_are_fingerprinted() -> None:
    dates = np.array(["2026-01-01", "2026-01-02"], dtype="datetime64[ns]")
    assert fingerprint_value(dates).method == "numpy"
    records = np.zeros(3, dtype=[("x", "f8"), ("y", "i4")])
    assert fingerprint_value(records).method == "numpy"
    assert fingerprint_value(np.array([], dtype=float)).method == "numpy"
    masked = np.ma.masked_array([1, 2, 3], mask=[0, 1, 0])
    assert fingerprint_value(masked).method == "pickle"


def test_object_arrays_go_through_pickle() -> None:
    result = fingerprint_value(np.array(["a", None, 3], dtype=object))
    assert result.method == "pickle"
    assert result.fingerprint is not None


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": np.arange(5),
            "x": [0.5, 1.5, np.nan, 3.5, 4.5],
            "name": pd.array(["a", "b", None, "d", "e"], dtype="str"),
            "obj": pd.Series(["p", 1, None, "q", 2.0], dtype=object),
            "kind": pd.Categorical(["u", "v", "u", "u", "v"]),
            "n": pd.array([1, None, 3, 4, 5], dtype="Int64"),
            "at": pd.date_range("2026-01-01", periods=5, tz="UTC"),
            "flag": [True, False, True, True, False],
        }
    )


def test_dataframe_fingerprint_is_stable_over_copies() -> None:
    df = frame()
    first = fingerprint_value(df)
    assert first.method == "pandas"
    assert fingerprint_value(df.copy(deep=True)) == first
    assert fingerprint_value(frame()) == first


def set_cell(df: pd.DataFrame, row: int, column: int, value: object) -> pd.DataFrame:
    df.iloc[row, column] = value
    return df


@pytest.mark.parametrize(
    "change",
    [
        lambda df: set_cell(df, 3, 0, 99),
        lambda df: set_cell(df, 0, 2, "z"),
        lambda df: df.assign(x=df["x"].fillna(0.0)),
        lambda df: df.assign(name=df["name"].str.upper()),
        lambda df: df.assign(kind=df["kind"].cat.rename_categories({"u": "w"})),
        lambda df: df.assign(n=df["n"].fillna(2)),
        lambda df: df.rename(columns={"x": "y"}),
        lambda df: df.set_axis(list("abcde")),
        lambda df: df.astype({"id": "int32"}),
        lambda df: df.iloc[:4],
        lambda df: df[df.columns[::-1]],
    ],
)
def test_dataframe_fingerprint_sees_every_change(change: object) -> None:
    df = frame()
    before = fingerprint_value(df)
    after = fingerprint_value(change(frame()))  # type: ignore[operator]
    assert after.fingerprint != before.fingerprint


def test_series_and_index_are_fingerprinted() -> None:
    series = pd.Series([1.0, 2.0], name="s", index=["a", "b"])
    assert fingerprint_value(series).method == "pandas"
    assert fingerprint_value(series.rename("t")) != fingerprint_value(series)
    multi = pd.MultiIndex.from_product([[1, 2], ["a", "b"]])
    assert fingerprint_value(multi).method == "pandas"
    assert fingerprint_value(multi) != fingerprint_value(multi[::-1])


def test_masked_slots_do_not_affect_the_fingerprint() -> None:
    one = pd.array([1, 2, 3], dtype="Int64")
    two = pd.array([1, 7, 3], dtype="Int64")
    one[1] = pd.NA
    two[1] = pd.NA
    assert fingerprint_value(pd.Series(one)) == fingerprint_value(pd.Series(two))


def test_large_string_column_spanning_several_chunks() -> None:
    words = pd.Series([f"w{i}" for i in range(200_000)], dtype="str")
    first = fingerprint_value(words)
    changed = words.copy()
    changed.iloc[150_000] = "other"
    assert fingerprint_value(changed) != first
    assert fingerprint_value(words.copy()) == first


@pytest.mark.parametrize(
    "value", [1, 2.5, "text", b"bytes", None, True, 3 + 4j, float("nan")], ids=repr
)
def test_builtins_by_value(value: object) -> None:
    result = fingerprint_value(value)
    assert result.method == "builtin"
    assert result == fingerprint_value(value)


def test_builtin_types_do_not_collide() -> None:
    assert fingerprint_value(1) != fingerprint_value("1")
    assert fingerprint_value(1) != fingerprint_value(True)


def test_other_objects_through_pickle_with_out_of_band_buffers() -> None:
    value = {"weights": np.ones(1000), "layers": [3, 4]}
    result = fingerprint_value(value)
    assert result.method == "pickle"
    other = {"weights": np.ones(1000), "layers": [3, 4]}
    assert fingerprint_value(other) == result
    other["weights"][500] = 2.0
    assert fingerprint_value(other) != result


def make_generator() -> object:
    return (i for i in range(3))


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (make_generator, "generator"),
        (threading.Lock, "lock"),
        (lambda: Path(os.devnull).open(), "TextIOWrapper"),  # noqa: SIM115
        (lambda: lambda x: x, "lambda"),
        (io.StringIO, None),
    ],
)
def test_unpicklable_values_are_marked_not_raised(make: object, reason: str | None) -> None:
    value = make()  # type: ignore[operator]
    try:
        result = fingerprint_value(value)
    finally:
        if hasattr(value, "close"):
            value.close()
    if reason is None:  # StringIO pickles fine
        assert result.method == "pickle"
        return
    assert result.method == "unfingerprintable"
    assert result.fingerprint is None
    assert result.detail is not None
    assert reason in result.detail


def test_a_failing_reduce_is_marked_with_a_short_reason() -> None:
    class Hostile:
        def __reduce__(self) -> object:
            raise RuntimeError("x" * 1000)

    result = fingerprint_value(Hostile())
    assert result.method == "unfingerprintable"
    assert result.detail is not None
    assert result.detail.startswith("RuntimeError: xxx")
    assert len(result.detail) <= 200


def test_object_column_with_a_cycle_is_still_fingerprinted() -> None:
    cyclic: list[object] = [1]
    cyclic.append(cyclic)
    result = fingerprint_value(pd.Series([cyclic, "x"], dtype=object))
    assert result.method == "pandas"
    assert result.fingerprint is not None


def test_object_columns_fingerprint_by_content_not_identity() -> None:
    shared = "a" * 50
    one = pd.Series([shared, shared, 1], dtype=object)
    two = pd.Series(["a" * 50, "".join(["a"] * 50), 1], dtype=object)
    assert fingerprint_value(one) == fingerprint_value(two)
