"""Registry URIs, model URIs and backends by name: clear errors for every mistake."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mlops_lab.core import InvalidInputError, Store
from mlops_lab.core.registry import (
    RegistryURI,
    VersionRef,
    open_registry,
    parse_model_uri,
    parse_registry_uri,
    registry_names,
)


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("models:/iris/3", VersionRef("iris", version=3)),
        ("models:/iris@champion", VersionRef("iris", alias="champion")),
        ("models:/iris", VersionRef("iris")),
        ("iris/12", VersionRef("iris", version=12)),
        ("iris-v2.1@prod", VersionRef("iris-v2.1", alias="prod")),
    ],
)
def test_model_uris(uri: str, expected: VersionRef) -> None:
    assert parse_model_uri(uri) == expected
    assert str(expected) in uri


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("models:/iris/0", "names no version"),
        ("models:/iris/two", "names no version"),
        ("models:/", "cannot name a model"),
        ("models:/a b/1", "cannot name a model"),
        ("models:/iris@", "cannot be an alias"),
    ],
)
def test_bad_model_uris(uri: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_model_uri(uri)


def test_registry_uris() -> None:
    assert parse_registry_uri(None) == RegistryURI("local")
    assert parse_registry_uri("") == RegistryURI("local")
    assert parse_registry_uri("mlflow:http://127.0.0.1:5000") == RegistryURI(
        "mlflow", "http://127.0.0.1:5000"
    )
    environ = {"MLFLOW_TRACKING_URI": "http://tracking:5000"}
    assert parse_registry_uri("mlflow", environ) == RegistryURI("mlflow", "http://tracking:5000")
    with pytest.raises(InvalidInputError, match="set MLFLOW_TRACKING_URI"):
        parse_registry_uri("mlflow", {})
    with pytest.raises(InvalidInputError, match="names no location"):
        parse_registry_uri("mlflow:")
    with pytest.raises(InvalidInputError, match="is not a registry"):
        parse_registry_uri("1nope")


def test_both_backends_are_installed_entry_points() -> None:
    assert {"local", "mlflow"} <= set(registry_names())


def test_an_unknown_registry_names_the_installed_ones(store: Store) -> None:
    with pytest.raises(InvalidInputError, match=r"Unknown registry 'nexus'.*local, mlflow"):
        open_registry("nexus:http://host", store)


def test_the_local_registry_takes_no_location(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="--store"):
        open_registry("local:/elsewhere", store)


def test_a_missing_mlflow_says_which_extra_to_install(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    # A fresh interpreter in which `import mlflow` fails, as where it is not installed.
    probe = (
        "import sys, json; sys.modules['mlflow'] = None\n"
        "from mlops_lab.core import Store, MlopsLabError\n"
        "from mlops_lab.core.registry import open_registry\n"
        f"store = Store.open({str(store_path)!r})\n"
        "try:\n"
        "    open_registry('mlflow:http://127.0.0.1:1', store)\n"
        "except MlopsLabError as error:\n"
        "    print(json.dumps(str(error)))\n"
    )
    printed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert 'pip install "mlops-lab[mlflow]"' in json.loads(printed)


def test_the_registry_loads_no_jupyter_and_no_mlflow_until_named() -> None:
    probe = (
        "import sys, json, mlops_lab.core.registry, mlops_lab.core.registry.local;"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", probe], text=True))
    forbidden = ("jupyter_server", "tornado", "IPython", "traitlets", "jupyter_client", "mlflow")
    assert [name for name in forbidden if name in loaded] == []
