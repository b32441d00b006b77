"""The application factory. Everything is built here, once per process, never at import time."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from kutip.api.archive_state import install_archive
from kutip.api.config import Settings
from kutip.api.errors import register_error_handlers
from kutip.api.guards import install_guards
from kutip.api.logs import configure_logging
from kutip.api.metrics import Metrics
from kutip.api.middleware import RequestMiddleware
from kutip.api.openapi import build_openapi
from kutip.api.ops import ops
from kutip.api.routes import v1
from kutip.api.schemas import RequestSchemas
from kutip.api.state import EXTENSION, Service
from kutip.api.ui import bp as ui
from kutip.engine import Engine


class _JSONProvider(DefaultJSONProvider):
    sort_keys = False  # keep the schemas' field order: id and quotes first, as documented


@functools.lru_cache(maxsize=4)
def load_engine(rules_dir: str | None) -> Engine:
    """One engine per rules directory per process: every app in the process shares it.

    Under gunicorn the app is built before the workers fork (preload), so they share it too.
    A broken rules directory raises RulesError, which stops the boot (nothing is cached).
    """
    return Engine.from_directory(rules_dir)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The kutip HTTP service. ``config`` overrides KUTIP_* settings by field name."""
    settings = Settings.load(os.environ, config)
    configure_logging(settings.log_level)
    app = Flask("kutip.api")
    app.json = _JSONProvider(app)
    # Werkzeug's own limit catches bodies sent without a Content-Length (chunked).
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    metrics = Metrics()
    requests = RequestSchemas.with_limits(settings.max_text_chars, settings.batch_max)
    app.extensions[EXTENSION] = Service(
        settings=settings,
        engine=load_engine(settings.rules_dir),
        metrics=metrics,
        requests=requests,
        openapi=build_openapi(settings, requests),
    )
    register_error_handlers(app)
    install_guards(app, settings)
    app.register_blueprint(v1)
    app.register_blueprint(ops)
    app.register_blueprint(ui)  # the page for journalists at /
    install_archive(app, settings)  # /v1 archive routes; 503 unless KUTIP_DATABASE_URL is set
    app.wsgi_app = RequestMiddleware(app.wsgi_app, metrics)  # type: ignore[method-assign]
    return app
