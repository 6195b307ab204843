"""What a benchmark ran on: the figures mean little without it."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _first(path: str, prefix: str) -> str | None:
    """The value of the first ``prefix: value`` line of a /proc file, if any."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            for line in file:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def cpu_model() -> str:
    """The CPU's model name, as the kernel reports it."""
    return _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown"


def memory_gb() -> float | None:
    """Total RAM in GB."""
    total = _first("/proc/meminfo", "MemTotal")
    return round(int(total.split()[0]) / 1024**2, 1) if total else None


def os_name() -> str:
    """The distribution's name and the kernel."""
    pretty = None
    try:
        for line in Path("/etc/os-release").read_text("utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                pretty = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return f"{pretty or platform.system()}, kernel {platform.release()}"


def filesystem(path: Path) -> str:
    """The type of the filesystem holding ``path`` (the mount with the longest matching point)."""
    target = str(path.resolve())
    best, kind = "", "unknown"
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                fields = line.split()
                point = fields[1].replace("\\040", " ")
                inside = target == point or target.startswith(point.rstrip("/") + "/")
                if inside and len(point) > len(best):
                    best, kind = point, fields[2]
    except OSError:
        pass
    return f"{kind} (mounted at {best})" if best else kind


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def describe(data: Path) -> dict[str, str]:
    """The machine, as rows of (what, value)."""
    memory = memory_gb()
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "CPU": cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": f"{memory} GB" if memory else "unknown",
        "OS": os_name(),
        "Python": platform.python_version(),
        "textual": package_version("textual"),
        "filesystem of the data": filesystem(data),
        "load average at the start": " ".join(f"{n:.2f}" for n in load) if load else "unknown",
    }
