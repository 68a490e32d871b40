"""A kernel's variables as comparable digests, and the comparison of two kernels' digests.

bench/checkpoint_notebooks.py runs ``STATE_CELL`` in the kernel that ran a
notebook and in the fresh kernel a checkpoint was restored into, then
``compare`` tells which variables came back, equal or not. A value is compared
when it is made of things with a clear equality: numbers, strings, bytes,
NumPy arrays, pandas frames, series and indexes, containers of those, modules
and functions (by name), and objects whose attributes are all of those (a
fitted scikit-learn estimator). Anything else (a matplotlib figure, a
generator) is restored or not, but not compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

__all__ = ["STATE_CELL", "TIMER_CELL", "StateComparison", "compare", "parse_state"]

# Runs inside the kernel, in a namespace of its own (``exec``), so that it adds
# no variable to the kernel's; prints one JSON line: name -> [type, digest|null].
_STATE_CODE = r'''
import hashlib, io, json, types
try:
    import numpy as np
except ImportError:
    np = None
try:
    import pandas as pd
except ImportError:
    pd = None

PLAIN = (type(None), bool, int, float, complex, str, bytes)
IPYTHON = {"In", "Out", "exit", "quit", "get_ipython"}
budget = [0]


def canon(v, depth):
    """A text equal for equal values; None when the value is not compared."""
    budget[0] += 1
    if budget[0] > 200_000:  # an object graph too large to walk (a figure)
        return None
    if isinstance(v, PLAIN):
        return f"{type(v).__name__}:{v!r}"
    if np is not None and isinstance(v, np.generic):
        return f"np.{v.dtype}:{v!r}"
    if np is not None and isinstance(v, np.ndarray):
        if v.dtype.hasobject:
            inner = canon(v.tolist(), depth)
            return None if inner is None else f"ndarray{v.shape}:{inner}"
        data = hashlib.sha1(np.ascontiguousarray(v).tobytes()).hexdigest()
        return f"ndarray:{v.dtype}{v.shape}:{data}"
    if pd is not None and isinstance(v, (pd.DataFrame, pd.Series, pd.Index)):
        return frame(v, depth)
    if isinstance(v, types.ModuleType):
        return f"module:{v.__name__}"
    if isinstance(v, (types.FunctionType, types.BuiltinFunctionType, type)):
        return f"{type(v).__name__}:{v.__module__}.{v.__qualname__}"
    if depth >= 5:
        return None
    if isinstance(v, (list, tuple)):
        items = [canon(x, depth + 1) for x in v]
        return None if None in items else f"{type(v).__name__}[{','.join(items)}]"
    if isinstance(v, (set, frozenset)):
        items = [canon(x, depth + 1) for x in v]
        return None if None in items else f"{type(v).__name__}{{{','.join(sorted(items))}}}"
    if isinstance(v, dict):
        items = [(canon(k, depth + 1), canon(x, depth + 1)) for k, x in v.items()]
        if any(None in pair for pair in items):
            return None
        return "dict{" + ",".join(f"{k}={x}" for k, x in items) + "}"
    state = getattr(v, "__dict__", None)
    if isinstance(state, dict):
        inner = canon(state, depth + 1)
        return None if inner is None else f"{type(v).__module__}.{type(v).__qualname__}{inner}"
    return None


def frame(v, depth):
    head = f"{type(v).__name__}{v.shape}:"
    if isinstance(v, pd.DataFrame):
        head += f"{[str(t) for t in v.dtypes]}:{canon(list(v.columns), depth + 1)}"
    else:
        head += f"{v.dtype}:{v.name!r}"
    try:
        hashed = pd.util.hash_pandas_object(v, index=not isinstance(v, pd.Index))
        return head + hashlib.sha1(hashed.to_numpy().tobytes()).hexdigest()
    except TypeError:  # unhashable cells (lists): their values and the index, as text
        values = canon(v.to_numpy().tolist(), depth + 1)
        index = canon(list(v.index), depth + 1) if not isinstance(v, pd.Index) else ""
        return None if values is None or index is None else head + values + index


ip = get_ipython()
hidden = getattr(ip, "user_ns_hidden", {})
state = {}
for name, value in list(ip.user_ns.items()):
    if name.startswith("_") or name in IPYTHON or (name in hidden and hidden[name] is value):
        continue
    if name == "open" and getattr(value, "__wrapped__", None) is io.open:
        continue  # IPython's own ``open``, no longer hidden once Kishu swapped the namespace
    budget[0] = 0
    try:
        text = canon(value, 0)
    except Exception:  # a value whose walk fails is not compared
        text = None
    digest = None if text is None else hashlib.sha1(text.encode()).hexdigest()
    state[name] = [f"{type(value).__module__}.{type(value).__qualname__}", digest]
print("BENCH-STATE " + json.dumps(state))
'''

#: The cell that prints the kernel's variables' digests (see `parse_state`).
STATE_CELL = f"exec({_STATE_CODE!r}, {{'get_ipython': get_ipython}})"

#: A cell that gives the kernel ``bench_timed(action)``, which runs the action and
#: appends its seconds to ``bench_times``, and ``bench_imports(names)``; builtins,
#: out of the namespace.
TIMER_CELL = "exec({!r}, {{}})".format("""
import builtins, time
def timed(action):
    start = time.perf_counter()
    try:
        return action()
    finally:
        builtins.bench_times.append(time.perf_counter() - start)
def imports(names):
    import importlib
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # one the kernel lacks: the restore will say so
            pass
builtins.bench_times = []
builtins.bench_timed = timed
builtins.bench_imports = imports
""")


def parse_state(printed: str) -> dict[str, tuple[str, str | None]]:
    """The digests `STATE_CELL` printed: name -> (type, digest or None)."""
    for line in printed.splitlines():
        if line.startswith("BENCH-STATE "):
            state = json.loads(line.removeprefix("BENCH-STATE "))
            return {name: (kind, digest) for name, (kind, digest) in state.items()}
    raise RuntimeError(f"the kernel printed no state: {printed[-500:]!r}")


@dataclass
class StateComparison:
    """How a restored kernel's variables compare with the original kernel's."""

    variables: int
    restored: int
    equal: int
    differ: list[str] = field(default_factory=list)
    #: name -> why it is absent from the restored kernel
    missing: dict[str, str] = field(default_factory=dict)
    #: name -> its type, for values restored but not compared
    not_compared: dict[str, str] = field(default_factory=dict)


def compare(
    original: dict[str, tuple[str, str | None]],
    restored: dict[str, tuple[str, str | None]],
    reasons: dict[str, str],
) -> StateComparison:
    """Compare the digests; ``reasons`` says why a variable was not restored, when known."""
    result = StateComparison(variables=len(original), restored=0, equal=0)
    for name, (kind, digest) in original.items():
        if name not in restored:
            result.missing[name] = reasons.get(name, "absent after the restore")
            continue
        result.restored += 1
        again = restored[name][1]
        if digest is None or again is None:
            result.not_compared[name] = kind
        elif digest == again:
            result.equal += 1
        else:
            result.differ.append(name)
    return result
