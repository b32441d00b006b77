"""How many CPUs this process may really use: its CPU set, capped by its cgroup's CPU quota.

``os.cpu_count()`` and even the CPU set say 64 in a container limited to 2 CPUs on a 64-core
host (Docker's ``--cpus 2``, Kubernetes' ``limits.cpu: 2``): the limit is a CFS quota, which
only the cgroup files show. Starting 64 CPU-bound workers there makes them fight over 2 CPUs'
worth of time and be throttled. Read, in this order:

* cgroup v2: ``cpu.max`` (``"<quota> <period>"`` or ``"max <period>"``) of this process's
  cgroup and of every cgroup above it (a limit set on a parent binds its children too);
* cgroup v1: ``cpu.cfs_quota_us`` (``-1`` when unlimited) and ``cpu.cfs_period_us`` of the
  ``cpu`` controller's hierarchy, likewise up the tree.

The paths come from ``/proc/self/cgroup``. Inside a container with its own cgroup namespace
that path is ``/`` and the container's cgroup is mounted at the root; a container without one
sees the host's path, which may not exist in its mount, so the mount's root is read as well.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")
# Where cgroup v1 mounts the cpu controller, by distribution habit (cpu and cpuacct co-mounted).
_V1_DIRS = ("cpu", "cpu,cpuacct", "cpuacct,cpu")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _ancestors(base: Path, inner: str) -> list[Path]:
    """``base/inner`` and each directory above it up to ``base``, deepest first; ``base`` alone
    when ``inner`` is not in this mount (another cgroup namespace's path)."""
    parts = [p for p in inner.strip("/").split("/") if p and p != ".."]
    dirs = [base.joinpath(*parts[:n]) for n in range(len(parts), -1, -1)]
    return [d for d in dirs if d.is_dir()] or [base]


def _v2_quota(text: str | None) -> float | None:
    fields = (text or "").split()
    if len(fields) != 2 or fields[0] == "max":
        return None
    try:
        quota, period = int(fields[0]), int(fields[1])
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def _v1_quota(directory: Path) -> float | None:
    try:
        quota = int(_read(directory / "cpu.cfs_quota_us") or "-1")
        period = int(_read(directory / "cpu.cfs_period_us") or "0")
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def _cgroup_paths(proc_cgroup: Path) -> tuple[str | None, str | None]:
    """(the v2 path, the v1 cpu controller's path) from /proc/self/cgroup."""
    v2: str | None = None
    v1: str | None = None
    for line in (_read(proc_cgroup) or "").splitlines():
        hierarchy, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if hierarchy == "0" and controllers == "":
            v2 = path
        elif "cpu" in controllers.split(","):
            v1 = path
    return v2, v1


def cpu_quota(root: Path | None = None, proc_cgroup: Path | None = None) -> float | None:
    """The CPU quota in CPUs (1.5 for 150000/100000), the tightest along the cgroup tree;
    None when there is none or no cgroup filesystem to read."""
    root = root or CGROUP_ROOT
    v2, v1 = _cgroup_paths(proc_cgroup or PROC_CGROUP)
    quotas: list[float] = []
    if v1 is not None:
        for name in _V1_DIRS:
            if (root / name).is_dir():
                quotas += [q for d in _ancestors(root / name, v1) if (q := _v1_quota(d))]
                break
    if v2 is not None and (root / "cgroup.controllers").exists():
        quotas += [q for d in _ancestors(root, v2) if (q := _v2_quota(_read(d / "cpu.max")))]
    return min(quotas) if quotas else None


def cpu_set_size() -> int:
    """The CPUs this process may run on (a container's cpuset), not all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def usable_cpus(root: Path | None = None, proc_cgroup: Path | None = None) -> int:
    """The CPU set's size, capped by the quota rounded up (1.5 CPUs -> 2: a half-used second
    worker still gets the rest of the quota); at least 1."""
    cores = cpu_set_size()
    quota = cpu_quota(root, proc_cgroup)
    if quota is not None:
        cores = min(cores, math.ceil(quota))
    return max(1, cores)
