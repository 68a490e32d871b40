"""Saving a model as an MLflow model: its framework's flavor where MLflow has one.

scikit-learn estimators are saved with the ``sklearn`` flavor (serialized with
cloudpickle, like the local registry does); any other pickled model with a
``python_function`` wrapper saved by value; a plain file as it is.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

import cloudpickle
import mlflow

from ..store.confined import write_confined
from . import mlflow_pyfunc
from .version_records import Lineage, ModelInfo, ModelPackage

__all__ = ["flavor_of", "pip_requirements", "save_model"]

#: Frameworks whose MLflow flavor saves the live object.
_SKLEARN = "scikit-learn"


def flavor_of(package: ModelPackage) -> str:
    """The MLflow flavor a package is saved with: ``sklearn``, ``python_function`` or ``file``."""
    if package.value is not None and package.info.framework == _SKLEARN:
        return "sklearn"
    if package.format.is_pickle:
        return "python_function"
    return "file"


def save_model(package: ModelPackage, folder: Path, flavor: str, requirements: list[str]) -> None:
    if flavor == "sklearn":
        from mlflow import sklearn as mlflow_sklearn

        mlflow_sklearn.save_model(
            package.value,
            str(folder),
            serialization_format=mlflow_sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE,
            pip_requirements=requirements,
        )
        return
    if flavor == "python_function":
        with tempfile.TemporaryDirectory(prefix="mlops-lab-pickle-") as tmp:
            pickled = write_confined(Path(tmp), package.filename, package.data)
            # By value: loading the MLflow model then needs neither mlops-lab nor this module.
            cloudpickle.register_pickle_by_value(mlflow_pyfunc)
            try:
                mlflow.pyfunc.save_model(
                    str(folder),
                    python_model=mlflow_pyfunc.PickledModel(),
                    artifacts={"model": str(pickled)},
                    pip_requirements=requirements,
                )
            finally:
                cloudpickle.unregister_pickle_by_value(mlflow_pyfunc)
        return
    folder.mkdir(parents=True)
    write_confined(folder, package.filename, package.data)


def pip_requirements(info: ModelInfo, lineage: Lineage) -> list[str]:
    """Pins for what loading the model needs: its framework and cloudpickle, from the lock."""
    packages = (lineage.environment or {}).get("packages")
    locked = packages if isinstance(packages, Mapping) else {}
    names = [name for name in (info.framework, "cloudpickle") if name]
    pins = []
    for name in names:
        version = locked.get(name)
        if not isinstance(version, str):
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                continue
        pins.append(f"{name}=={version}")
    return pins
