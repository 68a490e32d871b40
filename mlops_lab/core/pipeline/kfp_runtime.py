"""The lines every exported Kubeflow component ends with: load inputs, run the step, save outputs.

Kubeflow ships a lightweight component as its function's source alone, so these
lines are written into each component (nothing of mlops-lab is installed in the
step's container). They mirror `data_passing`: Parquet for DataFrames (when
pyarrow is there), ``.npy`` for arrays, cloudpickle for the rest, and a file is
read by its first bytes, so no metadata has to travel with it. ``mlops_lab``
inside the step is a stand-in whose ``log_metric`` feeds the step's Metrics.
Parquet is read as `data_passing` reads it, without Arrow's thread pools, so
the step's process exits cleanly.
"""

from __future__ import annotations

__all__ = ["RUNTIME_LINES"]

RUNTIME_LINES = """\
# -- mlops-lab: run the step and pass its outputs on (the same in every step) --
import io
import sys
import types

def _load(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:4] == b"PAR1":
        import pyarrow
        import pyarrow.parquet
        # No Arrow thread pool: one alive at exit aborts the step after its work
        table = pyarrow.parquet.ParquetFile(pyarrow.BufferReader(data)).read(use_threads=False)
        return table.to_pandas(use_threads=False)
    if data[:6] == b"\\x93NUMPY":
        import numpy
        return numpy.load(io.BytesIO(data), allow_pickle=False)
    import cloudpickle
    return cloudpickle.loads(data)

def _save(value, path):
    pandas, numpy = sys.modules.get("pandas"), sys.modules.get("numpy")
    buffer = io.BytesIO()
    if pandas is not None and isinstance(value, pandas.DataFrame):
        try:
            value.to_parquet(buffer)
        except Exception:  # no pyarrow, or columns Parquet cannot hold
            buffer = io.BytesIO()
    if not buffer.tell() and numpy is not None and isinstance(value, numpy.ndarray) \\
            and value.dtype.kind not in "OV":
        numpy.save(buffer, value, allow_pickle=False)
    if not buffer.tell():
        import cloudpickle
        buffer.write(cloudpickle.dumps(value, protocol=5))
    with open(path, "wb") as handle:
        handle.write(buffer.getvalue())

_logged = {}
_mlops_lab = types.ModuleType("mlops_lab")
_mlops_lab.log_metrics = lambda values, step=None: _logged.update(
    {key: float(value) for key, value in values.items()})
_mlops_lab.log_metric = lambda key, value, step=None: _logged.update({key: float(value)})
_mlops_lab.log_param = _mlops_lab.set_tag = lambda key, value: None
_mlops_lab.log_params = lambda values: None
_mlops_lab.log_artifact = lambda path, name=None: None
sys.modules["mlops_lab"] = _mlops_lab

_namespace = {"__name__": "__main__"}
for _name, _artifact in _inputs.items():
    _namespace[_name] = _load(_artifact.path)
_namespace.update(_parameters)
exec(compile(_code, _step + ".py", "exec"), _namespace)
for _name, _artifact in _outputs.items():
    _save(_namespace[_name], _artifact.path)
for _name in _metric_names:
    _logged[_name] = float(_namespace[_name])
for _name, _value in _logged.items():
    mlops_metrics.log_metric(_name, _value)
"""
