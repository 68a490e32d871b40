"""The environment lock: every distribution with its origin, as a valid requirements file."""

from __future__ import annotations

import dataclasses
import json
import platform
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from mlops_lab.core.capture.environment import (
    EnvironmentLock,
    Package,
    environment_key,
    environment_lock,
)


def add_dist(site: Path, folder: str, direct_url: object = None) -> Path:
    info = site / folder
    info.mkdir(parents=True)
    name, version = folder.removesuffix(".dist-info").split("-", 1)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    if direct_url is not None:
        text = direct_url if isinstance(direct_url, str) else json.dumps(direct_url)
        (info / "direct_url.json").write_text(text)
    return info


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "lib" / "site-packages"
    add_dist(site, "numpy-2.1.0.dist-info")
    add_dist(site, "Typing_Extensions-4.12.2.dist-info")
    add_dist(
        site,
        "mypkg-0.3.dev0.dist-info",
        {"url": "file:///home/me/src/my%20pkg", "dir_info": {"editable": True}},
    )
    add_dist(
        site,
        "tool-1.0.dist-info",
        {
            "url": "https://me:ghp_secretsecret@github.com/org/tool.git",
            "vcs_info": {"vcs": "git", "commit_id": "4b825dc642cb6eb9a060e54bf8d69288fbee4904"},
        },
    )
    add_dist(
        site,
        "wheelpkg-1.2.dist-info",
        {"url": "file:///tmp/wheelpkg-1.2-py3-none-any.whl", "archive_info": {}},
    )
    add_dist(site, "broken-0.1.dist-info", "{not json")
    (site / "numpy").mkdir()
    (site / "README.txt").write_text("not a distribution")
    return site


def test_packages_and_origins(site: Path) -> None:
    lock = environment_lock([str(site)])
    assert lock.packages == (
        Package("broken", "0.1", "unknown"),
        Package("mypkg", "0.3.dev0", "editable", "file:///home/me/src/my%20pkg"),
        Package("numpy", "2.1.0", "index"),
        Package(
            "tool",
            "1.0",
            "vcs",
            "git+https://github.com/org/tool.git@4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        ),
        Package("typing-extensions", "4.12.2", "index"),
        Package("wheelpkg", "1.2", "local", "file:///tmp/wheelpkg-1.2-py3-none-any.whl"),
    )
    assert lock.python == platform.python_version()
    assert lock.implementation == platform.python_implementation()
    assert lock.versions()["numpy"] == "2.1.0"


def test_requirements_file_is_valid_and_pins_everything(site: Path) -> None:
    text = environment_lock([str(site)]).to_requirements()
    assert "ghp_secret" not in text
    lines = text.splitlines()
    assert lines[1] == f"# python: {platform.python_version()} ({platform.python_implementation()})"
    assert lines[2].startswith("# platform: ")
    requirements = [line for line in lines if not line.startswith("#")]
    assert "-e /home/me/src/my pkg" in requirements
    assert "numpy==2.1.0" in requirements
    assert (
        "tool @ git+https://github.com/org/tool.git@4b825dc642cb6eb9a060e54bf8d69288fbee4904"
        in requirements
    )
    assert "wheelpkg @ file:///tmp/wheelpkg-1.2-py3-none-any.whl" in requirements
    for line in requirements:
        if not line.startswith("-e "):
            Requirement(line)  # raises on anything pip could not parse


def test_first_path_entry_wins(site: Path, tmp_path: Path) -> None:
    earlier = tmp_path / "earlier"
    add_dist(earlier, "numpy-1.26.4.dist-info")
    lock = environment_lock([str(earlier), str(site)])
    assert lock.versions()["numpy"] == "1.26.4"


def test_legacy_egg_info_checkout_is_editable(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    info = checkout / "oldpkg.egg-info"
    info.mkdir(parents=True)
    (info / "PKG-INFO").write_text("Metadata-Version: 1.1\nName: OldPkg\nVersion: 0.9\n")
    (package,) = environment_lock([str(checkout)]).packages
    assert package == Package("oldpkg", "0.9", "editable", checkout.as_uri())
    assert package.requirement() == f"-e {checkout}"


def test_missing_and_file_entries_are_skipped(tmp_path: Path) -> None:
    plain = tmp_path / "file.txt"
    plain.write_text("x")
    lock = environment_lock([str(tmp_path / "missing"), str(plain)])
    assert lock.packages == ()


def test_this_environment() -> None:
    lock = environment_lock()
    versions = lock.versions()
    assert versions["pytest"] == metadata.version("pytest")
    assert versions["xxhash"] == metadata.version("xxhash")
    assert len(versions) == len(lock.packages)
    assert [p.name for p in lock.packages] == sorted(p.name for p in lock.packages)


def test_key_changes_only_when_distributions_change(site: Path) -> None:
    paths = [str(site), str(site.parent / "missing")]
    first = environment_key(paths)
    assert environment_key(paths) == first
    assert len(first) == 32
    add_dist(site, "newpkg-1.0.dist-info")
    second = environment_key(paths)
    assert second != first
    (site / "newpkg-1.0.dist-info" / "METADATA").unlink()
    (site / "newpkg-1.0.dist-info").rmdir()
    assert environment_key(paths) != second


def test_key_ignores_other_files(site: Path) -> None:
    paths = [str(site)]
    first = environment_key(paths)
    (site / "output.csv").write_text("a,b\n")
    (site / "results").mkdir()
    assert environment_key(paths) == first


def test_key_sees_an_upgrade(site: Path) -> None:
    paths = [str(site)]
    first = environment_key(paths)
    (site / "numpy-2.1.0.dist-info").rename(site / "numpy-2.2.0.dist-info")
    assert environment_key(paths) != first


def test_default_key_is_stable() -> None:
    assert environment_key() == environment_key()


def test_lock_is_frozen() -> None:
    lock = EnvironmentLock("3.11", "CPython", "Linux", ())
    with pytest.raises(AttributeError):
        lock.python = "3.12"  # type: ignore[misc]


def test_lock_converts_to_plain_data() -> None:
    lock = EnvironmentLock("3.11", "CPython", "Linux", (Package("numpy", "2.1.0", "index"),))
    assert dataclasses.asdict(lock)["packages"] == (
        {"name": "numpy", "version": "2.1.0", "origin": "index", "url": None},
    )
