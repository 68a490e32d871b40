"""Turning models into bytes and back, and saying what a model is.

Live objects are serialized with cloudpickle, which also carries classes and
functions defined in the notebook itself (pickle would only name them). What a
model is (type, framework and its version, signature) is read from the object
without calling it: scikit-learn's ``n_features_in_``, ``feature_names_in_``,
``classes_`` and ``n_outputs_``, and the same attributes on any estimator that
follows its conventions.
"""

from __future__ import annotations

import io
import pickle
import sys
import tempfile
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import cloudpickle

from ..capture.environment import canonical_name
from ..capture.variables import summarize
from ..errors import InvalidInputError, NotFoundError
from ..records import JsonValue
from .version_records import ModelFormat, ModelInfo, ModelPackage, ModelVersion

__all__ = [
    "PICKLE_SUFFIXES",
    "describe_model",
    "load_artifact",
    "package_file",
    "package_value",
]

#: File names read back with pickle; any other file is pushed and fetched as is.
PICKLE_SUFFIXES = (".pkl", ".pickle", ".cloudpickle")
#: Longest list (classes, feature names) kept in a signature.
_SIGNATURE_ITEMS_MAX = 1000


def package_value(
    value: object, *, variable: str, environment: Mapping[str, Any] | None = None
) -> ModelPackage:
    """Serialize a live model with cloudpickle.

    Raises
    ------
    InvalidInputError
        The object cannot be serialized (an open file, a lock, a generator
        inside it); the message says what to push instead.
    """
    try:
        data = cloudpickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # pickling raises TypeError, PicklingError, AttributeError...
        kind = summarize(value).type
        raise InvalidInputError(
            f"Variable {variable!r} (a {kind}) cannot be serialized with cloudpickle: "
            f"{type(error).__name__}: {_shorten(str(error))}. Save the model to a file in its "
            "framework's own format and push the file instead (--artifact)."
        ) from None
    return ModelPackage(
        filename=f"{variable}.pkl",
        format=ModelFormat.CLOUDPICKLE,
        data=data,
        info=describe_model(value, environment),
        value=value,
    )


def package_file(
    data: bytes,
    filename: str,
    *,
    unpickle: bool,
    environment: Mapping[str, Any] | None = None,
) -> ModelPackage:
    """A file to push as it is; a pickle file is read to describe its model when ``unpickle``.

    Reading a pickle runs code from it, so the server never does (it pushes the
    bytes as they are); the command line does, as ``pickle.load`` would.
    """
    name = Path(filename).name
    if not name.lower().endswith(PICKLE_SUFFIXES):
        return ModelPackage(name, ModelFormat.FILE, data, ModelInfo())
    value: object | None = None
    info = ModelInfo()
    if unpickle:
        try:
            value = pickle.loads(data)
        except Exception as error:
            raise InvalidInputError(
                f"{name} does not unpickle here ({type(error).__name__}: "
                f"{_shorten(str(error))}); push it from an environment that has its "
                "packages, or give it another suffix to push it as a plain file."
            ) from None
        info = describe_model(value, environment)
    return ModelPackage(name, ModelFormat.PICKLE, data, info, value)


def describe_model(value: object, environment: Mapping[str, Any] | None = None) -> ModelInfo:
    """Type, framework, framework version and signature of a model; never raises.

    Parameters
    ----------
    value
        The model.
    environment
        The run's environment (``{"packages": {name: version}}``): the framework's
        version is taken from it, so it is the version that trained the model;
        else from this interpreter's installed distributions.
    """
    module = type(value).__module__ or ""
    top = module.partition(".")[0]
    framework = None if top in ("", "builtins", "__main__") else _distribution_of(top)
    version = None
    if framework is not None:
        packages = (environment or {}).get("packages")
        if isinstance(packages, Mapping) and isinstance(packages.get(framework), str):
            version = packages[framework]
        else:
            try:
                version = metadata.version(framework)
            except metadata.PackageNotFoundError:
                version = None
    return ModelInfo(
        type=_public_type_name(type(value)),
        framework=framework,
        framework_version=version,
        signature=_signature(value),
    )


def load_artifact(registry: Any, version: ModelVersion, folder: Path | None) -> object:
    """A version's model: unpickled, or the path of a copy of its file in ``folder``."""
    target = Path(tempfile.mkdtemp(prefix="mlops-lab-model-")) if folder is None else folder
    target.mkdir(parents=True, exist_ok=True)
    path: Path = registry.fetch(version, target)
    if not version.file.format.is_pickle:
        return path
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotFoundError(f"Cannot read the artifact of {version.name}: {error}") from None
    if folder is None:
        path.unlink(missing_ok=True)
        path.parent.rmdir()
    return loads(data, f"{version.name}/{version.version}")


def loads(data: bytes, label: str) -> object:
    """Unpickle a version's bytes; a missing module says which package to install."""
    try:
        return pickle.load(io.BytesIO(data))
    except ModuleNotFoundError as missing:
        raise InvalidInputError(
            f"Loading {label} needs the module {missing.name!r}, which is not installed "
            "here; install the packages of its environment (mlops-lab models show "
            f"{label} lists them)."
        ) from None


def _public_type_name(cls: type) -> str:
    """The shortest public import path of a type: sklearn.linear_model.LogisticRegression.

    Frameworks define classes in private modules (``sklearn.linear_model._logistic``)
    and re-export them from a public one; the public name is the one users write.
    """
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", "") or cls.__name__
    if module in ("", "builtins"):
        return name
    parts = module.split(".")
    for end in range(1, len(parts) + 1):
        prefix = ".".join(parts[:end])
        if any(part.startswith("_") for part in parts[:end]) and prefix != module:
            break
        found = sys.modules.get(prefix)
        if found is not None and getattr(found, name, None) is cls:
            return f"{prefix}.{name}"
    return f"{module}.{name}"


def _distribution_of(module: str) -> str | None:
    """The installed distribution that provides a top-level module (sklearn -> scikit-learn)."""
    providers = _module_distributions().get(module)
    if providers:
        return canonical_name(providers[0])
    return canonical_name(module) if module in sys.modules else None


_PROVIDERS: dict[str, list[str]] | None = None


def _module_distributions() -> Mapping[str, list[str]]:
    global _PROVIDERS
    if _PROVIDERS is None:
        # Lists every distribution's files once per process: ~0.1 s, so it is cached.
        _PROVIDERS = dict(metadata.packages_distributions())
    return _PROVIDERS


def _signature(value: object) -> dict[str, JsonValue]:
    inputs: dict[str, JsonValue] = {}
    outputs: dict[str, JsonValue] = {}
    n_features = _attribute(value, "n_features_in_")
    if isinstance(n_features, int) and not isinstance(n_features, bool):
        inputs["n_features"] = n_features
    names = _json_list(_attribute(value, "feature_names_in_"))
    if names is not None:
        inputs["feature_names"] = names
    classes = _json_list(_attribute(value, "classes_"))
    if classes is not None:
        outputs["classes"] = classes
    n_outputs = _attribute(value, "n_outputs_")
    if isinstance(n_outputs, int) and not isinstance(n_outputs, bool):
        outputs["n_outputs"] = n_outputs
    signature: dict[str, JsonValue] = {}
    if inputs:
        signature["inputs"] = inputs
    if outputs:
        signature["outputs"] = outputs
    return signature


def _attribute(value: object, name: str) -> Any:
    try:
        return getattr(value, name, None)
    except Exception:  # a property of an unfitted model may raise anything
        return None


def _json_list(values: Any) -> list[JsonValue] | None:
    """A sequence of scalars (a NumPy array included) as JSON, or None."""
    if values is None or isinstance(values, str | bytes):
        return None
    try:
        items = values.tolist() if hasattr(values, "tolist") else list(values)
    except Exception:
        return None
    if not isinstance(items, list) or len(items) > _SIGNATURE_ITEMS_MAX:
        return None
    converted: list[JsonValue] = []
    for item in items:
        if item is None or isinstance(item, bool | int | float | str):
            converted.append(item)
        else:
            converted.append(str(item))
    return converted


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
