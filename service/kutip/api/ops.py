"""Operations endpoints, open without an API key: health, readiness, metrics, the API doc."""

from __future__ import annotations

import functools
import logging
from importlib import resources

from flask import Blueprint, Response, jsonify

from kutip.api.errors import ApiError
from kutip.api.schemas import HealthSchema, ReadySchema
from kutip.api.state import service

ops = Blueprint("ops", __name__)
# A sentence every rule set must handle without failing; /ready runs it through the engine.
READY_PROBE = "“Kami siap,” kata Budi."
# The page is kutip's own (no CDN): inline script and style, data only from this server.
DOCS_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)
log = logging.getLogger("kutip.api.ops")


@ops.get("/health")
def health() -> Response:
    return jsonify(HealthSchema().dump({"status": "ok"}))


@ops.get("/ready")
def ready() -> Response:
    svc = service()
    engine = svc.engine
    try:
        engine.extract(READY_PROBE)
    except Exception:
        log.exception("readiness probe failed")
        raise ApiError(503, "not_ready", "The engine failed its self-check.") from None
    body = {
        "status": "ready",
        "rules_version": engine.rules_version,
        "build": svc.build,
        "rules": len(engine.rule_ids),
    }
    return jsonify(ReadySchema().dump(body))


@ops.get("/metrics")
def metrics() -> Response:
    svc = service()
    # Set here, not at start-up: the version follows the rules in force after a reload, and under
    # gunicorn each worker writes its own metric files (the master never answers a request).
    svc.metrics.set_build(svc.build)
    body, content_type = svc.metrics.exposition()
    return Response(body, headers={"Content-Type": content_type})


@ops.get("/openapi.json")
def openapi() -> Response:
    return jsonify(service().openapi)


@functools.cache
def _docs_page() -> str:
    return resources.files("kutip.api").joinpath("docs.html").read_text(encoding="utf-8")


@ops.get("/docs")
def docs() -> Response:
    return Response(
        _docs_page(), mimetype="text/html", headers={"Content-Security-Policy": DOCS_POLICY}
    )
