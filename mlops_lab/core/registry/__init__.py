"""The model registry: push a model from a run with its lineage, list, alias and load it.

Backends are found by name through the ``mlops_lab.registries`` entry points:
``local`` (embedded in the store, the default) and ``mlflow`` (an MLflow Model
Registry, with ``pip install mlops-lab[mlflow]``). Like the rest of the core,
nothing here imports Jupyter.
"""

from __future__ import annotations

from .backends import ENTRY_POINT_GROUP, open_registry, registry_names
from .base import Registry
from .lineage import build_lineage
from .loading import load_model
from .model_serialization import describe_model, package_file, package_value
from .names import (
    DEFAULT_REGISTRY,
    RegistryURI,
    VersionRef,
    check_alias,
    check_model_name,
    parse_model_uri,
    parse_registry_uri,
)
from .push import (
    PushOptions,
    push_captured_variable,
    push_run_file,
    push_value,
    run_files,
)
from .registry_json import (
    lineage_to_json,
    model_info_to_json,
    model_version_to_json,
    registered_model_to_json,
)
from .version_records import (
    CellRef,
    Lineage,
    ModelFile,
    ModelFormat,
    ModelInfo,
    ModelPackage,
    ModelSource,
    ModelVersion,
    RegisteredModel,
)

__all__ = [
    "DEFAULT_REGISTRY",
    "ENTRY_POINT_GROUP",
    "CellRef",
    "Lineage",
    "ModelFile",
    "ModelFormat",
    "ModelInfo",
    "ModelPackage",
    "ModelSource",
    "ModelVersion",
    "PushOptions",
    "RegisteredModel",
    "Registry",
    "RegistryURI",
    "VersionRef",
    "build_lineage",
    "check_alias",
    "check_model_name",
    "describe_model",
    "lineage_to_json",
    "load_model",
    "model_info_to_json",
    "model_version_to_json",
    "open_registry",
    "package_file",
    "package_value",
    "parse_model_uri",
    "parse_registry_uri",
    "push_captured_variable",
    "push_run_file",
    "push_value",
    "registered_model_to_json",
    "registry_names",
    "run_files",
]
