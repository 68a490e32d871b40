"""The diff of two or more runs: params, metrics, code, environment, data and variables.

One function, `compare_runs`, builds it; the REST API, ``mlops-lab diff`` and the
compare view all show its result. The first run is the baseline, and every key
of every section is classified against it:

- ``added``: absent from the baseline, present in another run;
- ``removed``: present in the baseline, absent from another run;
- ``changed``: present in every run, not equal in all;
- ``unchanged``: present in every run and equal.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..errors import InvalidInputError
from ..frozen import frozen
from ..json_format import environment_to_json, run_to_json, variable_to_json
from ..records import FileMode, JsonValue, MetricPoint, Run, RunDetail

__all__ = [
    "CHANGES",
    "MAX_COMPARED_RUNS",
    "SECTIONS",
    "Comparison",
    "DiffEntry",
    "DiffSection",
    "check_run_count",
    "compare_runs",
    "comparison_to_json",
]

#: A compare view of more runs than this is unreadable, and a request for it costly.
MAX_COMPARED_RUNS = 50

#: The sections of a comparison, in the order they are shown.
SECTIONS = ("params", "metrics", "code", "env", "data", "variables")


@frozen
class DiffEntry:
    """One key compared across runs: ``values[i]`` is None where ``present[i]`` is false.

    Each section adds its own fields, None in the others: metrics their
    ``history`` (per run, the logged points), code its ``executions`` (times the
    cell ran, per run) and ``diffs`` (unified diff from the baseline, per run),
    env and data the ``kind`` of the entry (interpreter or package; file or
    dataframe).
    """

    key: str
    values: tuple[JsonValue, ...]
    present: tuple[bool, ...]
    kind: str | None = None
    history: tuple[tuple[MetricPoint, ...], ...] | None = None
    executions: tuple[int, ...] | None = None
    diffs: tuple[str | None, ...] | None = None


@frozen
class DiffSection:
    added: tuple[DiffEntry, ...] = ()
    removed: tuple[DiffEntry, ...] = ()
    changed: tuple[DiffEntry, ...] = ()
    unchanged: tuple[DiffEntry, ...] = ()

    @property
    def differs(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@frozen
class Comparison:
    runs: tuple[Run, ...]
    params: DiffSection
    metrics: DiffSection
    code: DiffSection
    env: DiffSection
    data: DiffSection
    variables: DiffSection

    def section(self, name: str) -> DiffSection:
        section: DiffSection = getattr(self, name)
        return section


def compare_runs(details: Sequence[RunDetail]) -> Comparison:
    """Compare runs against the first one.

    Raises
    ------
    InvalidInputError
        Fewer than two runs, more than `MAX_COMPARED_RUNS`, or one run twice.
    """
    check_run_count(len(details))
    seen: set[str] = set()
    for detail in details:
        if detail.run.id in seen:
            raise InvalidInputError(f"Run {detail.run.id} is given twice; compare different runs.")
        seen.add(detail.run.id)
    return Comparison(
        runs=tuple(d.run for d in details),
        params=_section([dict(d.run.params) for d in details]),
        metrics=_metrics(details),
        code=_code(details),
        env=_environment(details),
        data=_data(details),
        variables=_section(
            [{name: variable_to_json(v) for name, v in d.variables.items()} for d in details],
            same=_without_repr,
        ),
    )


def check_run_count(count: int) -> None:
    if count < 2:
        raise InvalidInputError("Give at least two runs to compare (the first is the baseline).")
    if count > MAX_COMPARED_RUNS:
        raise InvalidInputError(
            f"{count} runs are too many to compare; give at most {MAX_COMPARED_RUNS}."
        )


# -- classification ----------------------------------------------------------


def _section(
    per_run: Sequence[Mapping[str, JsonValue]],
    *,
    same: Callable[[JsonValue], JsonValue] = lambda value: value,
    extra: Callable[[str], Mapping[str, Any]] | None = None,
    order: Iterable[str] | None = None,
) -> DiffSection:
    """Classify every key of ``per_run`` (one mapping per run) against the first run.

    ``same`` projects a value onto what is compared (variables ignore their repr);
    ``order`` fixes the order of keys, else the baseline's keys come first.
    """
    keys = list(order) if order is not None else _keys_in_order(per_run)
    buckets: dict[str, list[DiffEntry]] = {
        "added": [],
        "removed": [],
        "changed": [],
        "unchanged": [],
    }
    for key in keys:
        present = tuple(key in values for values in per_run)
        entry = DiffEntry(
            key=key,
            values=tuple(values.get(key) for values in per_run),
            present=present,
            **({} if extra is None else extra(key)),
        )
        buckets[_classify(entry, same)].append(entry)
    return DiffSection(**{name: tuple(entries) for name, entries in buckets.items()})


def _classify(entry: DiffEntry, same: Callable[[JsonValue], JsonValue]) -> str:
    if not entry.present[0]:
        return "added"
    if not all(entry.present):
        return "removed"
    baseline = same(entry.values[0])
    if all(same(value) == baseline for value in entry.values[1:]):
        return "unchanged"
    return "changed"


def _keys_in_order(per_run: Sequence[Mapping[str, object]]) -> list[str]:
    keys: dict[str, None] = {}
    for values in per_run:
        keys.update(dict.fromkeys(values))
    return list(keys)


# -- sections ----------------------------------------------------------------


def _metrics(details: Sequence[RunDetail]) -> DiffSection:
    def history(key: str) -> Mapping[str, Any]:
        return {"history": tuple(tuple(d.metric_history.get(key, ())) for d in details)}

    return _section([dict(d.run.metrics) for d in details], extra=history)


def _code(details: Sequence[RunDetail]) -> DiffSection:
    """Cells aligned by notebook cell id; each run's value is the cell's last executed code."""
    codes: list[dict[str, JsonValue]] = []
    counts: list[dict[str, int]] = []
    for detail in details:
        code: dict[str, JsonValue] = {}
        count: dict[str, int] = {}
        anonymous: dict[int, str] = {}  # execution order of id-less cells, by seq
        for cell in detail.cells:
            key = cell.cell_id or anonymous.setdefault(cell.seq, f"#{len(anonymous) + 1}")
            code[key] = cell.code
            count[key] = count.get(key, 0) + 1
        codes.append(code)
        counts.append(count)
    labels = [_label(d.run) for d in details]

    def per_cell(key: str) -> Mapping[str, Any]:
        baseline = codes[0].get(key)
        diffs: list[str | None] = [None]
        for i in range(1, len(details)):
            other = codes[i].get(key)
            if isinstance(baseline, str) and isinstance(other, str) and other != baseline:
                diffs.append(_unified(baseline, other, labels[0], labels[i]))
            else:
                diffs.append(None)
        return {"executions": tuple(c.get(key, 0) for c in counts), "diffs": tuple(diffs)}

    return _section(codes, extra=per_cell)


def _unified(before: str, after: str, before_label: str, after_label: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(),
        after.splitlines(),
        fromfile=before_label,
        tofile=after_label,
        lineterm="",
    )
    return "\n".join(lines)


def _label(run: Run) -> str:
    return f"{run.name} ({run.id[:8]})"


def _environment(details: Sequence[RunDetail]) -> DiffSection:
    per_run: list[dict[str, JsonValue]] = []
    kinds: dict[str, str] = {}
    for detail in details:
        env = environment_to_json(detail.environment)
        values: dict[str, JsonValue] = {}
        if env is not None:
            for key in ("python", "implementation", "platform"):
                if env.get(key) is not None:
                    values[key] = env[key]
                    kinds[key] = "interpreter"
            for name, version in env["packages"].items():
                values[f"package:{name}"] = version
                kinds[f"package:{name}"] = "package"
        per_run.append(values)
    interpreter = [k for k in ("python", "implementation", "platform") if k in kinds]
    packages = sorted(k for k, kind in kinds.items() if kind == "package")
    return _section(
        per_run, extra=lambda key: {"kind": kinds[key]}, order=[*interpreter, *packages]
    )


def _data(details: Sequence[RunDetail]) -> DiffSection:
    """Files by path (a file read and written counts once), then DataFrames by name."""
    per_run: list[dict[str, JsonValue]] = []
    kinds: dict[str, str] = {}
    for detail in details:
        values: dict[str, JsonValue] = {}
        for access in detail.files:
            previous = values.get(access.path)
            mode = access.mode.value
            if isinstance(previous, dict) and previous.get("mode") != mode:
                mode = "read+write"
            # A file written by the run is known by what it became, so the write wins.
            if not isinstance(previous, dict) or access.mode is FileMode.WRITE:
                values[access.path] = {
                    "fingerprint": access.fingerprint,
                    "size": access.size,
                    "mode": mode,
                }
            else:
                previous["mode"] = mode
            kinds[access.path] = "file"
        for name, variable in detail.variables.items():
            if variable.type is not None and variable.type.endswith("DataFrame"):
                key = f"variable {name}"
                values[key] = {
                    "fingerprint": variable.fingerprint,
                    "shape": None if variable.shape is None else list(variable.shape),
                    "dtype": variable.dtype,
                }
                kinds[key] = "dataframe"
        per_run.append(values)
    files = sorted(k for k, kind in kinds.items() if kind == "file")
    frames = sorted(k for k, kind in kinds.items() if kind == "dataframe")
    return _section(per_run, extra=lambda key: {"kind": kinds[key]}, order=[*files, *frames])


def _without_repr(value: JsonValue) -> JsonValue:
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "repr"}
    return value


def comparison_to_json(comparison: Comparison) -> dict[str, JsonValue]:
    """The document ``GET /mlops-lab/compare`` and ``mlops-lab diff --json`` return."""
    document: dict[str, JsonValue] = {"runs": [run_to_json(run) for run in comparison.runs]}
    summary: dict[str, JsonValue] = {}
    for name in SECTIONS:
        section = comparison.section(name)
        document[name] = {
            change: [_entry_to_json(entry) for entry in getattr(section, change)]
            for change in CHANGES
        }
        summary[name] = {change: len(getattr(section, change)) for change in CHANGES}
    document["summary"] = summary
    return document


#: The classes of a section's entries, in the order documents list them.
CHANGES = ("added", "removed", "changed", "unchanged")


def _entry_to_json(entry: DiffEntry) -> dict[str, JsonValue]:
    document: dict[str, JsonValue] = {
        "key": entry.key,
        "values": list(entry.values),
        "present": list(entry.present),
    }
    if entry.kind is not None:
        document["kind"] = entry.kind
    if entry.history is not None:
        document["history"] = [
            [{"step": point.step, "value": point.value} for point in points]
            for points in entry.history
        ]
    if entry.executions is not None:
        document["executions"] = list(entry.executions)
    if entry.diffs is not None:
        document["diffs"] = list(entry.diffs)
    return document
