"""Host information from local sources only, with empty fields rather than failures."""

from __future__ import annotations

import os
import platform
import stat
from pathlib import Path

import pytest

from mlops_lab.core.capture import host
from mlops_lab.core.capture.host import HostInfo, gpus_from_proc, host_info, parse_nvidia_smi_list


def test_this_host() -> None:
    info = host_info()
    assert isinstance(info, HostInfo)
    assert info.os == platform.system()
    assert info.os_release == platform.release()
    assert info.machine == platform.machine()
    assert 1 <= info.cpu_count <= (os.cpu_count() or 1)
    assert info.memory_bytes is None or info.memory_bytes > 2**20


def test_memory_from_meminfo(tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24683520 kB\nMemFree:         1000 kB\n")
    assert host._memory_bytes(meminfo) == 24683520 * 1024


def test_memory_falls_back_to_sysconf(tmp_path: Path) -> None:
    memory = host._memory_bytes(tmp_path / "missing")
    assert memory is None or memory > 0


def test_nvidia_smi_listing() -> None:
    listing = (
        "GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-1b2c3d4e-0000-1111-2222-333344445555)\n"
        "GPU 1: Tesla T4 (UUID: GPU-aaaa)\n"
        "  MIG 1g.5gb Device 0: (UUID: MIG-bbbb)\n"
    )
    assert parse_nvidia_smi_list(listing) == ("NVIDIA A100-SXM4-40GB", "Tesla T4")
    assert parse_nvidia_smi_list("") == ()


def test_gpus_from_the_driver_proc_files(tmp_path: Path) -> None:
    gpus = tmp_path / "gpus"
    for bus, model in [("0000:01:00.0", "NVIDIA GeForce RTX 4090"), ("0000:02:00.0", "Tesla T4")]:
        (gpus / bus).mkdir(parents=True)
        (gpus / bus / "information").write_text(f"Model: \t\t {model}\nIRQ:   42\n")
    assert gpus_from_proc(gpus) == ("NVIDIA GeForce RTX 4090", "Tesla T4")
    assert gpus_from_proc(tmp_path / "none") == ()


def fake_nvidia_smi(folder: Path, script: str) -> None:
    path = folder / "nvidia-smi"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_nvidia_smi_on_path_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_nvidia_smi(tmp_path, 'echo "GPU 0: Tesla V100-SXM2-16GB (UUID: GPU-x)"\n')
    monkeypatch.setenv("PATH", str(tmp_path))
    assert host_info().gpus == ("Tesla V100-SXM2-16GB",)


def test_failing_nvidia_smi_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_nvidia_smi(tmp_path, "exit 9\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(host, "_PROC", tmp_path / "proc")
    assert host_info().gpus == ()


def test_hanging_nvidia_smi_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_nvidia_smi(tmp_path, "exec sleep 30\n")
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr(host, "_NVIDIA_SMI_TIMEOUT", 0.2)
    monkeypatch.setattr(host, "_PROC", tmp_path / "proc")
    assert host_info().gpus == ()
