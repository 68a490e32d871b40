"""The environment lock: the interpreter and every installed distribution, as pip can reinstall it.

Speed matters because the kernel records a lock per run: distributions are found
by listing the folders on the path and read from their ``*.dist-info`` folder
names (``name-version.dist-info`` is fixed by the wheel spec), so no METADATA
file is parsed except for legacy ``*.egg-info`` installs. The origin comes from
PEP 610's ``direct_url.json``: editable checkouts, VCS commits and local
archives are rendered so ``pip install -r`` gets the same code back.

`environment_key` is the cheap half: a digest of the path folders' stat, which
changes whenever a distribution is installed, upgraded or removed, so the
caller recomputes the lock only then.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

import xxhash

from ..frozen import frozen
from .redaction import strip_url_credentials

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from importlib import metadata

__all__ = ["EnvironmentLock", "Package", "environment_key", "environment_lock"]

_DIST_INFO = ".dist-info"
_EGG_INFO = ".egg-info"
_NON_CANONICAL = re.compile(r"[-_.]+")


@frozen
class Package:
    """One installed distribution.

    ``name`` is the PEP 503 normalized name (``typing-extensions``), so locks from
    different environments compare by name. ``origin`` is ``'index'``,
    ``'editable'``, ``'vcs'``, ``'local'`` or ``'unknown'``; ``url`` is where a
    non-index install came from (credentials stripped), else ``None``.
    """

    name: str
    version: str
    origin: str
    url: str | None = None

    def requirement(self) -> str:
        """This package as one line of a pip requirements file."""
        if self.origin == "editable" and self.url:
            return f"-e {_local_path(self.url)}"
        if self.url:
            return f"{self.name} @ {self.url}"
        return f"{self.name}=={self.version}"


@frozen
class EnvironmentLock:
    """The interpreter and its installed distributions, sorted by name."""

    python: str
    implementation: str
    platform: str
    packages: tuple[Package, ...]

    def to_requirements(self) -> str:
        """Render the lock as a pip requirements file (``pip install -r`` ready).

        Index packages are pinned (``name==version``), editable installs become
        ``-e <path>``, VCS installs ``name @ git+https://...@<commit>`` and local
        archives ``name @ file://...``. The interpreter and platform are header
        comments, since pip cannot pin them.
        """
        lines = [
            "# Environment lock recorded by mlops-lab",
            f"# python: {self.python} ({self.implementation})",
            f"# platform: {self.platform}",
        ]
        lines.extend(package.requirement() for package in self.packages)
        return "\n".join(lines) + "\n"

    def versions(self) -> dict[str, str]:
        """Package name to version, as ``show --json`` and environment diffs use it."""
        return {package.name: package.version for package in self.packages}


def environment_lock(paths: Sequence[str] | None = None) -> EnvironmentLock:
    """Lock the current interpreter and the distributions installed on ``paths``.

    Parameters
    ----------
    paths
        Import path entries to search, ``sys.path`` by default. When a name is
        installed twice, the first entry wins, as it does for imports.

    Returns
    -------
    EnvironmentLock
        The interpreter version, implementation, platform and packages sorted by name.
    """
    # Imported here: a process that only reads `environment_key` (a cached pipeline
    # run) is spared platform's import.
    import platform

    found: dict[str, Package] = {}
    for package in _packages(sys.path if paths is None else paths):
        found.setdefault(package.name, package)
    return EnvironmentLock(
        python=platform.python_version(),
        implementation=platform.python_implementation(),
        platform=platform.platform(),
        packages=tuple(sorted(found.values(), key=lambda package: package.name)),
    )


def environment_key(paths: Sequence[str] | None = None) -> str:
    """A digest that changes when distributions are installed, upgraded or removed.

    Installing or removing a distribution creates or deletes its ``*.dist-info``
    folder, which changes the modification time and link count of the folder
    that holds it. So each path entry costs one stat; only when that stat changed
    are the entry's ``*.dist-info`` / ``*.egg-info`` names listed again, so a
    notebook writing files into its own folder (``''`` on ``sys.path``) does not
    change the key.

    Parameters
    ----------
    paths
        Import path entries, ``sys.path`` by default.

    Returns
    -------
    str
        32 hex digits; equal keys mean an unchanged set of distributions.
    """
    hasher = xxhash.xxh3_128(sys.version.encode())
    for entry in sys.path if paths is None else paths:
        hasher.update(f"\x00{entry}\x00{_distribution_names_digest(entry)}".encode())
    return hasher.hexdigest()


# Path entry -> (its stat, digest of its distribution folder names), per process.
_LISTINGS: dict[str, tuple[tuple[int, int, int, int], str]] = {}


def _distribution_names_digest(entry: str) -> str:
    folder = os.path.abspath(entry or ".")  # noqa: PTH100 - "" follows the working folder
    try:
        st = os.stat(folder)  # noqa: PTH116 - a Path per entry costs more than the stat
    except OSError:
        return "-"
    # The link count moves with every sub-folder added or removed, even within one
    # tick of the file system's coarse modification clock.
    version = (st.st_mtime_ns, st.st_ino, st.st_nlink, st.st_size)
    known = _LISTINGS.get(folder)
    if known is not None and known[0] == version:
        return known[1]
    try:
        names = sorted(
            name
            for name in os.listdir(folder)  # noqa: PTH208 - names only
            if name.endswith((_DIST_INFO, _EGG_INFO))
        )
        digest = xxhash.xxh3_128_hexdigest("\x00".join(names).encode())
    except NotADirectoryError:  # a zip or egg file: its stat is its version
        digest = f"file\x00{version}"
    except OSError:
        digest = "-"
    _LISTINGS[folder] = (version, digest)
    return digest


def _packages(paths: Sequence[str]) -> Iterator[Package]:
    for entry in paths:
        folder = entry or "."
        try:
            names = os.listdir(folder)  # noqa: PTH208 - names only, no Path per entry
        except NotADirectoryError:
            # A zip or egg file on the path: importlib.metadata knows how to read it.
            from importlib import metadata  # its import (and email's) only when needed

            yield from _from_metadata(metadata.distributions(path=[folder]), editable=False)
            continue
        except OSError:
            continue
        for name in names:
            if name.endswith(_DIST_INFO):
                package = _from_dist_info(folder, name)
            elif name.endswith(_EGG_INFO):
                package = _from_egg_info(folder, name)
            else:
                continue
            if package is not None:
                yield package


def _from_dist_info(folder: str, name: str) -> Package | None:
    stem = name[: -len(_DIST_INFO)]
    project, dash, version = stem.partition("-")
    if not dash:
        return None
    path = os.path.join(folder, name)  # noqa: PTH118 - hot loop over every distribution
    origin, url = _origin(path)
    return Package(canonical_name(project), version, origin, url)


def _from_egg_info(folder: str, name: str) -> Package | None:
    # Legacy installs name the folder inconsistently (name.egg-info in a checkout,
    # name-version-py3.X.egg-info in site-packages): read the metadata itself.
    from importlib import metadata

    dist = metadata.PathDistribution(Path(folder, name))
    # An egg-info folder outside site-packages is a `setup.py develop` checkout.
    editable = not _is_site_packages(folder)
    packages = list(_from_metadata([dist], editable=editable, location=folder))
    return packages[0] if packages else None


def _from_metadata(
    dists: Iterable[metadata.Distribution], *, editable: bool, location: str | None = None
) -> Iterator[Package]:
    for dist in dists:
        name, version = dist.metadata["Name"], dist.version
        if not name or not version:
            continue
        if editable and location is not None:
            yield Package(canonical_name(name), version, "editable", Path(location).as_uri())
        else:
            yield Package(canonical_name(name), version, "index")


def _origin(dist_info: str) -> tuple[str, str | None]:
    """Origin and URL from PEP 610's direct_url.json; its absence means an index install."""
    try:
        with open(os.path.join(dist_info, "direct_url.json"), encoding="utf-8") as handle:  # noqa: PTH118, PTH123
            direct = json.load(handle)
    except FileNotFoundError:
        return "index", None
    except (OSError, ValueError):
        return "unknown", None
    if not isinstance(direct, dict) or not isinstance(direct.get("url"), str):
        return "unknown", None
    url = strip_url_credentials(direct["url"])
    vcs_info = direct.get("vcs_info")
    if isinstance(vcs_info, dict):
        vcs = vcs_info.get("vcs", "git")
        commit = vcs_info.get("commit_id") or vcs_info.get("requested_revision")
        pinned = f"{vcs}+{url}@{commit}" if commit else f"{vcs}+{url}"
        subdirectory = direct.get("subdirectory")
        return "vcs", f"{pinned}#subdirectory={subdirectory}" if subdirectory else pinned
    dir_info = direct.get("dir_info")
    if isinstance(dir_info, dict) and dir_info.get("editable"):
        return "editable", url
    if url.startswith("file:"):
        return "local", url
    return "unknown", url


def canonical_name(name: str) -> str:
    """PEP 503 normalized project name: lower case, runs of ``-_.`` as one ``-``."""
    return _NON_CANONICAL.sub("-", name).lower()


def _is_site_packages(folder: str) -> bool:
    return Path(folder).name in ("site-packages", "dist-packages")


def _local_path(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    path = unquote(parts.path)
    return f"{path}#{parts.fragment}" if parts.fragment else path
