"""Workers from the CPU quota: kutip.cpus reads fake cgroup v1 and v2 trees the way the kernel
lays them out, and gunicorn's worker count follows it (KUTIP_WORKERS still wins)."""

from __future__ import annotations

import importlib.util
import os
import runpy
from pathlib import Path

import pytest

from kutip import cpus
from tests.conftest import python_stdout

HOST_CORES = set(range(64))
# The config file by path: importing it would prepare a metrics directory in this process.
_SPEC = importlib.util.find_spec("kutip.api.gunicorn_conf")
assert _SPEC is not None and _SPEC.origin is not None
GUNICORN_CONF = _SPEC.origin


def _v2_tree(tmp_path: Path, cpu_max: dict[str, str], inner: str = "/") -> tuple[Path, Path]:
    """A cgroup v2 mount at tmp_path/cgroup with cpu.max files at the given relative dirs, and
    a /proc/self/cgroup naming ``inner``."""
    root = tmp_path / "cgroup"
    root.mkdir()
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    for rel, value in cpu_max.items():
        directory = root / rel if rel else root
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "cpu.max").write_text(value + "\n")
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text(f"0::{inner}\n")
    return root, proc


def _v1_tree(tmp_path: Path, quota: int, period: int, inner: str, mount: str) -> tuple[Path, Path]:
    root = tmp_path / "cgroup"
    directory = root / mount / inner.strip("/")
    directory.mkdir(parents=True)
    (directory / "cpu.cfs_quota_us").write_text(f"{quota}\n")
    (directory / "cpu.cfs_period_us").write_text(f"{period}\n")
    (root / "memory").mkdir()
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text(f"12:memory:{inner}\n4:cpu,cpuacct:{inner}\n1:name=systemd:{inner}\n")
    return root, proc


@pytest.fixture
def many_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 64-core host: the CPU set is all of it, as in a container with only a CPU quota."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: HOST_CORES, raising=False)


@pytest.mark.usefixtures("many_cores")
def test_v2_container_limited_to_two_cpus(tmp_path: Path) -> None:
    root, proc = _v2_tree(tmp_path, {"": "200000 100000"})
    assert cpus.cpu_quota(root, proc) == 2.0
    assert cpus.usable_cpus(root, proc) == 2


@pytest.mark.usefixtures("many_cores")
def test_v2_unlimited_is_the_cpu_set(tmp_path: Path) -> None:
    root, proc = _v2_tree(tmp_path, {"": "max 100000"})
    assert cpus.cpu_quota(root, proc) is None
    assert cpus.usable_cpus(root, proc) == 64


@pytest.mark.usefixtures("many_cores")
def test_v2_tightest_limit_along_the_tree_rounds_up(tmp_path: Path) -> None:
    # A pod limited to 1.5 CPUs whose container has no limit of its own (a host's full path).
    tree = {"kubepods.slice/pod1": "150000 100000", "kubepods.slice/pod1/ctr": "max 100000"}
    root, proc = _v2_tree(tmp_path, tree, inner="/kubepods.slice/pod1/ctr")
    assert cpus.cpu_quota(root, proc) == 1.5
    assert cpus.usable_cpus(root, proc) == 2


@pytest.mark.usefixtures("many_cores")
def test_v2_path_from_another_namespace_reads_the_mount_root(tmp_path: Path) -> None:
    root, proc = _v2_tree(tmp_path, {"": "300000 100000"}, inner="/docker/abc123")
    assert cpus.usable_cpus(root, proc) == 3


@pytest.mark.usefixtures("many_cores")
@pytest.mark.parametrize("mount", ["cpu", "cpu,cpuacct"])
def test_v1_cfs_quota(tmp_path: Path, mount: str) -> None:
    root, proc = _v1_tree(tmp_path, 250_000, 100_000, "/docker/abc", mount)
    assert cpus.cpu_quota(root, proc) == 2.5
    assert cpus.usable_cpus(root, proc) == 3


@pytest.mark.usefixtures("many_cores")
def test_v1_unlimited_and_garbage_are_no_limit(tmp_path: Path) -> None:
    root, proc = _v1_tree(tmp_path, -1, 100_000, "/", "cpu")
    assert cpus.cpu_quota(root, proc) is None
    (root / "cpu" / "cpu.cfs_quota_us").write_text("lots\n")
    assert cpus.usable_cpus(root, proc) == 64


@pytest.mark.usefixtures("many_cores")
def test_no_cgroup_filesystem_is_the_cpu_set(tmp_path: Path) -> None:
    assert cpus.usable_cpus(tmp_path / "absent", tmp_path / "absent-proc") == 64


def test_a_small_cpu_set_wins_over_a_large_quota(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    root, proc = _v2_tree(tmp_path, {"": "800000 100000"})
    assert cpus.usable_cpus(root, proc) == 1


def _gunicorn_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: str = "") -> int:
    """Load gunicorn's config file as gunicorn does (a fresh run of the file) in a container
    limited to 2 CPUs on a 64-core host."""
    root, proc = _v2_tree(tmp_path, {"": "200000 100000"})
    monkeypatch.setattr(cpus, "CGROUP_ROOT", root)
    monkeypatch.setattr(cpus, "PROC_CGROUP", proc)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    if env:
        monkeypatch.setenv("KUTIP_WORKERS", env)
    else:
        monkeypatch.delenv("KUTIP_WORKERS", raising=False)
    settings = runpy.run_path(GUNICORN_CONF)
    workers = settings["workers"]
    assert isinstance(workers, int)
    return workers


@pytest.mark.usefixtures("many_cores")
def test_gunicorn_starts_two_workers_under_a_two_cpu_quota(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _gunicorn_workers(tmp_path, monkeypatch) == 2


@pytest.mark.usefixtures("many_cores")
def test_kutip_workers_still_overrides_the_quota(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _gunicorn_workers(tmp_path, monkeypatch, env="5") == 5


def _in_real_cgroup(tmp_path: Path, code: str) -> str:
    """Run ``code`` in a fresh child of this machine's cgroup v1 cpu hierarchy limited to one
    CPU (the kernel's own files, as in a container with --cpus 1); skip where that cannot be
    made (not root, no writable v1 cpu controller)."""
    parent = cpus.CGROUP_ROOT / "cpu"
    if os.geteuid() != 0 or not (parent / "cpu.cfs_quota_us").exists():
        pytest.skip("needs root and a cgroup v1 cpu controller to make a real limited cgroup")
    group = parent / f"kutip-test-{os.getpid()}"
    try:
        group.mkdir()
    except OSError as exc:
        pytest.skip(f"cannot make a cgroup here: {exc}")
    try:
        (group / "cpu.cfs_period_us").write_text("100000")
        (group / "cpu.cfs_quota_us").write_text("100000")
        procs = str(group / "cgroup.procs")

        def enter() -> None:  # in the child, before it runs Python: join the limited cgroup
            with open(procs, "w") as f:
                f.write(str(os.getpid()))

        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
        env.pop("KUTIP_WORKERS", None)
        return python_stdout(code, preexec_fn=enter, env=env, timeout=60)
    finally:
        group.rmdir()  # the child has exited, so the cgroup is empty


def test_a_real_one_cpu_cgroup_gives_one_gunicorn_worker(tmp_path: Path) -> None:
    code = (
        "import runpy; from kutip.cpus import cpu_quota, usable_cpus; "
        f"print(cpu_quota(), usable_cpus(), runpy.run_path({GUNICORN_CONF!r})['workers'])"
    )
    assert _in_real_cgroup(tmp_path, code) == "1.0 1 1"
