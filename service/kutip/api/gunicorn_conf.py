"""Gunicorn settings for kutip: a config file, read by gunicorn, never imported by the app.

``kutip serve`` hands this file to gunicorn (it ships inside the package, so an installed wheel
has it); docker/gunicorn.conf.py re-exports it for ``gunicorn -c docker/gunicorn.conf.py``.
Every value can be changed from the environment.

Loading this file prepares PROMETHEUS_MULTIPROC_DIR. That has to happen here: with
preload_app the app, and prometheus_client with it, is imported right after the config is read
and before any server hook runs, and prometheus_client picks its storage at import time.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from typing import Any

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# What docker/gunicorn.conf.py re-exports: gunicorn's settings and server hooks.
__all__ = [
    "accesslog",
    "bind",
    "child_exit",
    "control_socket_disable",
    "errorlog",
    "graceful_timeout",
    "keepalive",
    "logconfig_dict",
    "loglevel",
    "max_requests",
    "max_requests_jitter",
    "on_reload",
    "preload_app",
    "threads",
    "timeout",
    "worker_class",
    "workers",
    "wsgi_app",
]


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"kutip: {name} must be a whole number of at least 1, not {raw!r}")
    return int(raw)


def _cores() -> int:
    # The cores this process may use: its CPU set capped by its cgroup's CPU quota (a container
    # limited to 2 CPUs on a 64-core host gets 2 workers, not 64).
    from kutip.cpus import usable_cpus

    return usable_cpus()


def _remove_in_master(directory: str, master: int) -> None:
    # Forked workers inherit atexit handlers and also leave through sys.exit: only the master
    # may remove the directory the others still write to.
    if os.getpid() == master:
        shutil.rmtree(directory, ignore_errors=True)


def prepare_metrics_dir() -> str:
    """The metrics directory: $PROMETHEUS_MULTIPROC_DIR emptied of an earlier run's files, or
    a private one made here and removed when the master exits."""
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        os.makedirs(given, exist_ok=True)
        for name in os.listdir(given):
            if name.endswith(".db"):
                os.remove(os.path.join(given, name))
        return given
    made = tempfile.mkdtemp(prefix="kutip-metrics-")
    os.environ[MULTIPROC_ENV] = made
    # atexit rather than gunicorn's on_exit hook, which a failed start (port taken) skips.
    atexit.register(_remove_in_master, made, os.getpid())
    return made


# A HUP makes gunicorn read this file again in the running master: the directory is in use then.
if os.environ.get("_KUTIP_METRICS_PREPARED_BY") != str(os.getpid()):
    prepare_metrics_dir()
    os.environ["_KUTIP_METRICS_PREPARED_BY"] = str(os.getpid())

wsgi_app = "kutip.api:create_app()"
bind = [f"{os.environ.get('KUTIP_HOST', '0.0.0.0')}:{_int_env('KUTIP_PORT', 8000)}"]
# gunicorn's gthread worker with client I/O bounded in time and its own error answers (bad
# request lines, headers over the limits) as problem+json: see kutip/api/worker.py. A slow,
# idle or non-reading client costs a thread for KUTIP_CLIENT_TIMEOUT seconds at most, never a
# whole worker; an idle kept-alive connection costs no thread at all.
worker_class = "kutip.api.worker.ProblemWorker"
threads = _int_env("KUTIP_THREADS", 8)
keepalive = _int_env("KUTIP_KEEPALIVE", 5)  # seconds an idle connection is kept open
client_timeout = _int_env("KUTIP_CLIENT_TIMEOUT", 30)  # read by the worker from the environment
workers = _int_env("KUTIP_WORKERS", _cores())
# The engine and its compiled rules are built once in the master and shared by the workers.
preload_app = True
timeout = _int_env("KUTIP_TIMEOUT", 60)  # a worker silent this long is killed and replaced
graceful_timeout = _int_env("KUTIP_GRACEFUL_TIMEOUT", 30)  # SIGTERM: in-flight requests finish
max_requests = _int_env("KUTIP_MAX_REQUESTS", 10_000)  # recycle workers now and then ...
max_requests_jitter = max_requests // 10  # ... but not all at once
# kutip logs each request itself (one JSON line); gunicorn's own messages go to stdout too.
accesslog = None
# Gunicorn's control socket sits at one fixed path per user: two servers would fight over it.
control_socket_disable = True
errorlog = "-"
loglevel = os.environ.get("KUTIP_LOG_LEVEL", "info").lower()
# A whole logging config (gunicorn only shallow-merges its defaults into it): JSON on stdout.
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "kutip.api.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
        # kutip's own line per request replaces gunicorn's access log (no second line).
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}


def child_exit(server: Any, worker: Any) -> None:
    """A worker is gone: drop its live gauge files (its counters stay, so totals never drop)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def on_reload(server: Any) -> None:
    """A HUP: load the rules again in the master before the new workers fork from its app (a
    bad rule set is refused and the old one kept; kutip.api.reload logs which)."""
    if server.cfg.preload_app:  # otherwise each new worker builds its own app, rules and all
        from kutip.api.reload import reload_rules

        reload_rules(server.app.wsgi())
