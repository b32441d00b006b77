"""Checks every request passes before a view runs (route label, API key, body size) and CORS.

The body size is checked from Content-Length before anything reads the body; a chunked body
without a length is cut off by MAX_CONTENT_LENGTH while it is read (also a 413).
"""

from __future__ import annotations

import hmac

from flask import Flask, Response, request

from kutip.api.config import Settings
from kutip.api.errors import ApiError
from kutip.api.middleware import ROUTE_ENV, UNMATCHED

# Only the /v1 API needs a key: health, readiness, metrics and the docs stay open. (The
# Superdesk hook, blueprint "hooks", is authenticated by its signature instead.)
PROTECTED_BLUEPRINTS = ("v1", "archive")
CORS_ALLOW_HEADERS = "Accept, Authorization, Content-Type, X-API-Key, X-Request-ID"
CORS_ALLOW_METHODS = "GET, POST, PATCH, OPTIONS"  # PATCH: the archive's quote corrections


def _label_route() -> None:
    # The route template, not the path, labels metrics: unknown paths must not add series.
    rule = request.url_rule
    request.environ[ROUTE_ENV] = rule.rule if rule is not None else UNMATCHED


def _presented_key() -> str | None:
    key = request.headers.get("X-API-Key")
    if key:
        return key
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _key_matches(given: str, keys: tuple[str, ...]) -> bool:
    # Compare with every key in constant time, so timing tells nothing about any of them.
    results = [hmac.compare_digest(given.encode(), key.encode()) for key in keys]
    return any(results)


def install_guards(app: Flask, settings: Settings) -> None:
    def require_api_key() -> None:
        if (
            not settings.api_keys
            or request.blueprint not in PROTECTED_BLUEPRINTS
            or request.method == "OPTIONS"  # CORS preflights carry no credentials.
        ):
            return
        given = _presented_key()
        if given is None:
            detail = "An API key is required: send it as X-API-Key or Authorization: Bearer."
        elif not _key_matches(given, settings.api_keys):
            detail = "The API key is not valid."
        else:
            return
        raise ApiError(401, "unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})

    def limit_body() -> None:
        length = request.content_length
        if length is not None and length > settings.max_body_bytes:
            raise ApiError(
                413,
                "payload_too_large",
                f"The body is {length} bytes; the limit is {settings.max_body_bytes} bytes.",
            )

    def cors(response: Response) -> Response:
        if not settings.cors_origins:
            return response
        response.vary.add("Origin")
        origin = request.headers.get("Origin")
        if not origin or not ("*" in settings.cors_origins or origin in settings.cors_origins):
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "X-Request-ID"
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response.headers["Access-Control-Allow-Methods"] = CORS_ALLOW_METHODS
            response.headers["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
        return response

    # Order matters: a caller without a key learns nothing, not even the size limit.
    app.before_request(_label_route)
    app.before_request(require_api_key)
    app.before_request(limit_body)
    app.after_request(cors)
