"""``serve()`` and the gunicorn settings, without starting a server (test_live.py does that)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from kutip.api import server
from kutip.api.server import KutipGunicorn, serve

from .helpers import ROOT


@pytest.fixture
def metrics_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Loading the gunicorn config sets PROMETHEUS_MULTIPROC_DIR; give it one to restore after.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    return tmp_path


def test_serve_runs_gunicorn_with_kutips_config(
    monkeypatch: pytest.MonkeyPatch, metrics_dir: Path
) -> None:
    seen: dict[str, Any] = {}

    def run(self: KutipGunicorn) -> None:
        seen.update({name: self.cfg.settings[name].get() for name in self.cfg.settings})
        raise SystemExit(0)

    monkeypatch.setattr(KutipGunicorn, "run", run)
    assert serve(host="127.0.0.1", port=8123, workers=3, dev=False) == 0
    assert seen["bind"] == ["127.0.0.1:8123"]
    assert seen["workers"] == 3
    assert seen["worker_class"] == "kutip.api.worker.ProblemWorker"
    assert seen["preload_app"] is True
    assert seen["graceful_timeout"] >= 10 and seen["timeout"] >= 30
    assert seen["accesslog"] is None  # kutip writes its own JSON line per request


def test_serve_defaults_workers_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, metrics_dir: Path
) -> None:
    monkeypatch.setenv("KUTIP_WORKERS", "5")
    seen: list[int] = []
    monkeypatch.setattr(KutipGunicorn, "run", lambda self: seen.append(self.cfg.workers))
    assert serve(host="::1", port=9000, workers=None, dev=False) == 0
    assert seen == [5]


def test_ipv6_address_is_bracketed() -> None:
    assert server._address("::1", 80) == "[::1]:80"
    assert server._address("0.0.0.0", 80) == "0.0.0.0:80"


def test_exit_status_of_gunicorn_is_returned(
    monkeypatch: pytest.MonkeyPatch, metrics_dir: Path
) -> None:
    def fail(self: KutipGunicorn) -> None:
        raise SystemExit(3)

    monkeypatch.setattr(KutipGunicorn, "run", fail)
    assert serve(host="127.0.0.1", port=8000, workers=1, dev=False) == 3


def test_dev_runs_flasks_debug_server_only(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: calls.append(kwargs))
    monkeypatch.setattr(KutipGunicorn, "run", lambda self: pytest.fail("gunicorn started"))
    assert serve(host="127.0.0.1", port=5001, workers=None, dev=True) == 0
    assert calls == [{"host": "127.0.0.1", "port": 5001, "debug": True, "use_debugger": True}]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "kutip.example"])
def test_dev_never_runs_the_debugger_off_loopback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], host: str
) -> None:
    """The Werkzeug debugger runs code for whoever reaches it: on a host other machines can
    reach, --dev keeps it off and says so."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: calls.append(kwargs))
    assert serve(host=host, port=5001, workers=None, dev=True) == 0
    assert [call["use_debugger"] for call in calls] == [False]
    assert "debugger stays off" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_hosts_are_recognised(host: str) -> None:
    assert server.is_loopback(host)


def test_bad_settings_stop_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KUTIP_BATCH_MAX", "lots")
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: pytest.fail("server started"))
    assert serve(host="127.0.0.1", port=5001, workers=None, dev=True) == 2
    assert "KUTIP_BATCH_MAX must be a whole number" in capsys.readouterr().err


def test_workers_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert serve(host="127.0.0.1", port=8000, workers=0, dev=False) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err


def _print_config(metrics_dir: Path, workers: str) -> subprocess.CompletedProcess[str]:
    """``gunicorn --print-config`` with the Docker config file, as the image would run it."""
    env = {
        "PATH": "/usr/bin:/bin",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "KUTIP_WORKERS": workers,
    }
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "-c", "docker/gunicorn.conf.py"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def test_docker_config_reexports_the_packaged_one(tmp_path: Path) -> None:
    stale = tmp_path / "counter_1.db"
    stale.write_bytes(b"")
    done = _print_config(tmp_path, workers="3")
    assert done.returncode == 0, done.stderr
    settings: dict[str, str] = {}
    for line in done.stdout.splitlines():
        name, equals, value = line.partition("=")
        if equals:
            settings[name.strip()] = value.strip()
    assert settings["workers"] == "3"
    assert settings["worker_class"] == "kutip.api.worker.ProblemWorker"
    assert settings["preload_app"] == "True"
    assert settings["wsgi_app"] == "kutip.api:create_app()"
    assert settings["child_exit"] == "<child_exit()>"
    assert not stale.exists(), "an earlier run's metric files are removed at start"


def test_bad_worker_count_in_environment(tmp_path: Path) -> None:
    done = _print_config(tmp_path, workers="x")
    assert done.returncode != 0
    assert "KUTIP_WORKERS must be a whole number" in done.stdout + done.stderr


def test_the_worker_class_is_gunicorns_threaded_worker(
    monkeypatch: pytest.MonkeyPatch, metrics_dir: Path
) -> None:
    """gthread (a slow or idle client costs a thread for a bounded time, never a worker), with
    its threads, keep-alive and client timeout from the environment."""
    from gunicorn.util import load_class
    from gunicorn.workers.gthread import ThreadWorker

    worker = load_class("kutip.api.worker.ProblemWorker")
    assert issubclass(worker, ThreadWorker)
    monkeypatch.setenv("KUTIP_THREADS", "6")
    monkeypatch.setenv("KUTIP_KEEPALIVE", "3")
    seen: dict[str, Any] = {}
    monkeypatch.setattr(
        KutipGunicorn,
        "run",
        lambda self: seen.update(threads=self.cfg.threads, ka=self.cfg.keepalive),
    )
    assert serve(host="127.0.0.1", port=8000, workers=1, dev=False) == 0
    assert seen == {"threads": 6, "ka": 3}
