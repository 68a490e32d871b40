"""mlops-lab: reproducible, comparable and shippable notebook experiments.

The package root stays import-light on purpose: `mlops_lab.core` is imported by
kernels, the server and the CLI alike, so Jupyter-specific modules are loaded
only by the hooks that Jupyter and IPython call.
"""

from __future__ import annotations

# Both for the type checker only: every `mlops-lab` command imports this module
# first, `--version` included, which must start about as fast as Python.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from typing import Any

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - a source tree that was never built
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    "load_model",
    "log_artifact",
    "log_metric",
    "log_metrics",
    "log_param",
    "log_params",
    "monitor",
    "set_tag",
]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "mlops-lab"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "mlops_lab.server"}]


def load_ipython_extension(ipython: Any) -> None:
    """Entry point of ``%load_ext mlops_lab``."""
    from .kernel import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """Entry point of ``%unload_ext mlops_lab``."""
    from .kernel import unload_ipython_extension as unload

    unload(ipython)


# -- logging from notebook code: the run recorded by this kernel ----------------


def log_param(name: str, value: Any) -> None:
    """Record one parameter of the current run (a JSON value; secrets are redacted)."""
    log_params({name: value})


def log_params(params: dict[str, Any]) -> None:
    """Record parameters of the current run."""
    _recorder().log_params(params)


def log_metric(name: str, value: float, step: int | None = None) -> None:
    """Record a metric value; without ``step`` it goes after the last one."""
    log_metrics({name: value}, step=step)


def log_metrics(metrics: dict[str, float], step: int | None = None) -> None:
    """Record several metric values at once."""
    _recorder().log_metrics(metrics, step=step)


def set_tag(name: str, value: str) -> None:
    """Set a tag on the current run."""
    _recorder().set_tags({name: value})


def log_artifact(path: str | os.PathLike[str], name: str | None = None) -> None:
    """Keep a copy of a file (a model, a plot) with the current run."""
    from pathlib import Path

    _recorder().log_artifact(Path(path), name)


def _recorder() -> Any:
    """The step being run by a pipeline, if any, else this kernel's tracking session."""
    from .core.pipeline.sink import active_sink

    sink = active_sink()
    if sink is not None:
        return sink
    from .kernel.session import active_session

    return active_session()


def load_model(
    uri: str, registry: str | None = None, store: str | os.PathLike[str] | None = None
) -> Any:
    """Load a registered model: ``models:/NAME/VERSION``, ``models:/NAME@ALIAS``, ``models:/NAME``.

    ``registry`` is ``local`` (default), ``mlflow`` or ``mlflow:http://HOST:PORT``;
    ``store`` the store of the local registry (the kernel's own in a tracked
    notebook, else the one found from the current folder). A model pushed as a
    plain file comes back as the path of a copy.
    """
    import sys

    from .core import MlopsLabError
    from .core.registry import load_model as load

    # The kernel's own store in a tracked kernel (and no kernel module is imported elsewhere).
    if store is None and "mlops_lab.kernel.session" in sys.modules:
        from .kernel.session import active_session

        try:
            kernel_store = active_session().store
        except MlopsLabError:  # not tracked: the store found from the current folder
            kernel_store = None
        if kernel_store is not None:
            return load(uri, registry=registry, store=kernel_store)
    return load(uri, registry=registry, store=store)


def monitor(
    model_ref: str,
    dataframe: Any,
    *,
    registry: str | None = None,
    store: str | os.PathLike[str] | None = None,
    thresholds: dict[str, float] | None = None,
    record: bool = True,
) -> Any:
    """Check a production batch for drift against the training data of a model version.

    ``model_ref`` is ``NAME``, ``NAME/VERSION`` or ``NAME@ALIAS`` (``models:/`` optional);
    ``dataframe`` a pandas DataFrame. Returns a
    `mlops_lab.core.continuous.MonitorResult` (``.drifted``, ``.drift.columns``);
    the check is kept with the version unless ``record`` is false.
    """
    from .core import Store
    from .core.continuous import Thresholds, monitor_batch
    from .core.registry import open_registry, parse_model_uri

    limits = Thresholds.parse([f"{k}={v}" for k, v in (thresholds or {}).items()])
    with Store.open(store) as opened, open_registry(registry, opened) as models:
        return monitor_batch(
            models,
            opened,
            parse_model_uri(model_ref),
            dataframe,
            batch_name="dataframe",
            thresholds=limits,
            record=record,
        )
