"""``kutip serve``: gunicorn with kutip's config file, or Flask's debug server with ``dev=True``.

Importing this module imports neither Flask nor the app: gunicorn_conf.py must set up the
metrics directory before prometheus_client is first imported (see its docstring).
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import Application

from kutip.api.config import ConfigError

if TYPE_CHECKING:
    from flask import Flask

CONFIG_FILE = Path(__file__).with_name("gunicorn_conf.py")


class KutipGunicorn(Application):  # type: ignore[misc]  # gunicorn ships no type hints
    """Gunicorn reading CONFIG_FILE, then ``overrides``; the command line is kutip's, not its."""

    def __init__(self, overrides: dict[str, Any]) -> None:
        self.overrides = overrides
        super().__init__()

    def load_config(self) -> None:
        self.load_config_from_file(str(CONFIG_FILE))
        for key, value in self.overrides.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        from kutip.api import create_app

        return create_app()


# Werkzeug's debugger runs any Python a visitor types: only this machine may reach it.
DEBUGGER_OFF = (
    "kutip: --dev on {host}, which is not a loopback address: the Werkzeug debugger stays off "
    "(it would run code for anyone who can reach the port); use --host 127.0.0.1 to have it."
)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name that may resolve anywhere


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def serve(host: str, port: int, workers: int | None, dev: bool) -> int:
    """Run the service until it is stopped; the exit status (0 after SIGTERM or SIGINT)."""
    if workers is not None and workers < 1:
        print(f"kutip: --workers must be at least 1, not {workers}", file=sys.stderr)
        return 2
    try:
        if dev:
            from kutip.api import create_app

            debugger = is_loopback(host)
            if not debugger:
                print(DEBUGGER_OFF.format(host=host), file=sys.stderr)
            create_app().run(host=host, port=port, debug=True, use_debugger=debugger)
            return 0
        overrides: dict[str, Any] = {"bind": [_address(host, port)]}
        if workers is not None:
            overrides["workers"] = workers
        KutipGunicorn(overrides).run()
    except ConfigError as exc:
        print(f"kutip: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # gunicorn's arbiter leaves through sys.exit
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return 0
