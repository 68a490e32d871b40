"""Who owns a running run, and marking the runs of dead owners ``killed``.

A run records its owner process: host name, process id and the process's start
time. A process id can be reused by another program after the owner died, so a
live process only counts as the owner when its start time matches. On Linux the
start time comes from ``/proc`` (boot id and start ticks: exact, and cheap);
elsewhere from psutil when installed; without either, a process that exists is
taken for the owner: a live run is never marked killed.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from pathlib import Path

from ..frozen import frozen

__all__ = [
    "Owner",
    "current_owner",
    "dead_runs",
    "mark_killed",
    "owner_alive",
    "process_owner",
    "process_start",
]


@frozen
class Owner:
    """The process a run belongs to; ``started`` tells it from a later one with its pid."""

    host: str
    pid: int
    started: str | None
    kernel_id: str | None = None


@functools.cache
def _host() -> str:
    if hasattr(os, "uname"):  # gethostname(2) answers the node name, without socket's import
        return os.uname().nodename
    import socket

    return socket.gethostname()


@functools.cache
def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def process_start(pid: int) -> str | None:
    """A token of when process ``pid`` started, or None when it cannot be known here."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except FileNotFoundError:
        return None if not Path("/proc/self/stat").exists() else "gone"
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: fields follow the last ')'.
    fields = stat[stat.rindex(b")") + 2 :].split()
    return f"{_boot_id()}:{int(fields[19])}"  # field 22: start time in clock ticks since boot


def _psutil_start(pid: int) -> str | None:
    try:
        import psutil  # type: ignore[import-untyped]
    except ImportError:
        return None
    try:
        return f"psutil:{psutil.Process(pid).create_time():.2f}"
    except psutil.NoSuchProcess:
        return "gone"
    except psutil.Error:
        return None


def _start_token(pid: int) -> str | None:
    token = process_start(pid)
    return token if token is not None else _psutil_start(pid)


@functools.cache
def _own_start() -> str | None:
    return _start_token(os.getpid())


def current_owner(kernel_id: str | None = None) -> Owner:
    """This process, as the owner of the runs it starts."""
    return Owner(_host(), os.getpid(), _own_start(), kernel_id)


def process_owner(pid: int) -> Owner:
    """Another process of this host, as the owner of a run started on its behalf."""
    return Owner(_host(), pid, _start_token(pid))


def owner_alive(pid: int, started: str | None) -> bool:
    """Whether the process that started as ``started`` with id ``pid`` still runs (this host).

    False only when sure: the process is gone, or its id now belongs to a process
    that started at another time.
    """
    if pid == os.getpid():
        return started is None or started == _own_start()
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, belongs to another user
        pass
    if started is None:
        return True
    now = _start_token(pid)
    if now == "gone":
        return False
    return now is None or now == started


def dead_runs(conn: sqlite3.Connection) -> list[tuple[float, str]]:
    """``(last seen, run id)`` of the running runs of this host whose owner died."""
    rows = conn.execute(
        "SELECT id, owner_pid, owner_started, COALESCE(last_seen, started_at) FROM runs"
        " WHERE status = 'running' AND owner_host = ?",
        (_host(),),
    ).fetchall()
    return [
        (float(last_seen), str(run_id))
        for run_id, pid, started, last_seen in rows
        if pid is not None and not owner_alive(int(pid), started)
    ]


def mark_killed(conn: sqlite3.Connection, dead: list[tuple[float, str]]) -> None:
    """Mark runs of `dead_runs` killed, ended when last seen; the caller holds a write."""
    conn.executemany(
        "UPDATE runs SET status = 'killed', ended_at = ? WHERE id = ? AND status = 'running'",
        dead,
    )
