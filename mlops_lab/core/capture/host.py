"""The machine a run ran on: OS, CPUs, memory and visible GPUs.

Everything is read locally (``platform``, ``/proc``, ``nvidia-smi -L`` with a short
timeout); nothing here touches the network, and a missing source leaves its
field empty rather than failing the run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..frozen import frozen

__all__ = ["HostInfo", "host_info"]

_PROC = Path("/proc")
# nvidia-smi can hang on a wedged driver; a run must not wait for it.
_NVIDIA_SMI_TIMEOUT = 2.0


@frozen
class HostInfo:
    """The host of a run.

    ``cpu_count`` is the number of CPUs this process may run on (its affinity, as
    a container or ``taskset`` limits it). ``memory_bytes`` is the physical
    memory, ``None`` when the OS does not say. ``gpus`` names the visible NVIDIA
    GPUs, empty when there are none or no driver.
    """

    os: str
    os_release: str
    machine: str
    cpu_count: int
    memory_bytes: int | None
    gpus: tuple[str, ...]


def host_info() -> HostInfo:
    """Describe this machine; never raises.

    Returns
    -------
    HostInfo
        OS name and release, machine architecture, usable CPU count, physical
        memory and GPU names.
    """
    if hasattr(os, "uname"):  # what platform reads on POSIX, without its 10 ms import
        system, _, release, _, machine = os.uname()
    else:
        import platform

        system, release, machine = platform.system(), platform.release(), platform.machine()
    return HostInfo(
        os=system,
        os_release=release,
        machine=machine,
        cpu_count=_cpu_count(),
        memory_bytes=_memory_bytes(_PROC / "meminfo"),
        gpus=_gpus(),
    )


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _memory_bytes(meminfo: Path) -> int | None:
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                value, _, unit = line.split(":", 1)[1].strip().partition(" ")
                return int(value) * (1024 if unit.strip().lower() == "kb" else 1)
    except (OSError, ValueError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def _gpus() -> tuple[str, ...]:
    executable = shutil.which("nvidia-smi")
    if executable is not None:
        import subprocess

        try:
            listing = subprocess.run(
                [executable, "-L"],
                capture_output=True,
                text=True,
                timeout=_NVIDIA_SMI_TIMEOUT,
                check=True,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            pass
        else:
            return parse_nvidia_smi_list(listing)
    return gpus_from_proc(_PROC / "driver" / "nvidia" / "gpus")


def parse_nvidia_smi_list(listing: str) -> tuple[str, ...]:
    """GPU names from ``nvidia-smi -L`` (``GPU 0: NVIDIA A100 (UUID: ...)``)."""
    names = []
    for line in listing.splitlines():
        if not line.startswith("GPU "):
            continue
        name = line.partition(": ")[2]
        names.append(name.split(" (UUID:", 1)[0].strip())
    return tuple(name for name in names if name)


def gpus_from_proc(folder: Path) -> tuple[str, ...]:
    """GPU names from the NVIDIA driver's ``/proc/driver/nvidia/gpus/*/information``."""
    try:
        devices = sorted(folder.iterdir())
    except OSError:
        return ()
    names = []
    for device in devices:
        try:
            text = (device / "information").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "Model" and value.strip():
                names.append(value.strip())
                break
    return tuple(names)
