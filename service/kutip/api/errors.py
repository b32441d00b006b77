"""One JSON shape for every error: RFC 9457 problem details (application/problem+json).

``{"type": "about:blank", "title": <HTTP phrase>, "status", "detail", "code", "instance",
"request_id", "build"}`` plus ``errors`` (messages by field) on 422. ``code`` is stable for
programs; ``detail`` is for people. Every path that can fail ends in one of the handlers below.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, json, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from kutip.api.logs import FIELDS
from kutip.api.problem_codes import field_codes
from kutip.api.schemas import ProblemSchema
from kutip.api.state import service
from kutip.engine import DocumentTooComplexError
from kutip.problems import problem as shared_problem  # the shape `kutip batch` writes too

PROBLEM_MIME = "application/problem+json"
COMPACT = (",", ":")  # json separators without spaces, as jsonify uses
REQUEST_ID_ENV = "kutip.request_id"

# Codes that would read oddly if derived from werkzeug's status phrase.
_CODES = {413: "payload_too_large", 422: "validation_error", 500: "internal_error"}
_HEADERS_KEPT = ("Allow", "WWW-Authenticate", "Retry-After")
_PROBLEM = ProblemSchema()
MAX_MESSAGES = 20  # validation messages kept per level of ``errors`` (see _capped)
TOO_COMPLEX = "The document is too complex to process within the time allowed."
log = logging.getLogger("kutip.api.errors")


class ApiError(Exception):
    """An error the client caused, raised anywhere in a request and answered as a problem."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        errors: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors
        self.headers = dict(headers or {})


def code_for(status: int) -> str:
    """``not_found`` for 404: the status phrase in snake case, unless _CODES says otherwise."""
    phrase = HTTP_STATUS_CODES.get(status, "error")
    return _CODES.get(status) or re.sub(r"[^a-z0-9]+", "_", phrase.lower()).strip("_")


def problem(
    status: int, code: str, detail: str, errors: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The shared problem shape, plus ``codes``: the 422 messages as codes a client translates."""
    body = shared_problem(status, code, detail, errors)
    if errors is not None:
        body["codes"] = field_codes(body["errors"])
    return body


def problem_response(
    status: int,
    code: str,
    detail: str,
    errors: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The problem as a response to the current request, counted in kutip_errors_total."""
    body = problem(status, code, detail, errors)
    body["instance"] = request.path
    request_id = _request_id()
    if request_id:
        body["request_id"] = request_id
    svc = service()
    # Which rules and code answered: a newsroom reporting a refused article can say which build
    # refused it, as it can for a result (the same value as a result's and /ready's `build`).
    body["build"] = svc.build
    svc.metrics.error(code)
    text = json.dumps(_PROBLEM.dump(body), separators=COMPACT)
    response = Response(text, status=status, mimetype=PROBLEM_MIME)
    response.headers.update(headers or {})
    return response


def _order(key: Any) -> tuple[int, int, str]:
    # List items (marshmallow keys them by index) in index order, then field names.
    text = str(key)
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _capped(messages: Any) -> Any:
    """At most MAX_MESSAGES entries per level: a body of 200,000 bad list items or unknown
    fields gets a short answer that says how many were left out, not a 10 MB echo of them."""
    if isinstance(messages, dict):
        entries = list(messages.items())
        if len(entries) <= MAX_MESSAGES:
            return {str(k): _capped(v) for k, v in entries}
        entries.sort(key=lambda entry: _order(entry[0]))  # the same ones every time
        kept: dict[str, Any] = {str(k): _capped(v) for k, v in entries[:MAX_MESSAGES]}
        left = len(entries) - MAX_MESSAGES
        kept["_truncated"] = [f"{left} more fields or items with errors are not listed."]
        return kept
    if isinstance(messages, list) and len(messages) > MAX_MESSAGES:
        left = len(messages) - MAX_MESSAGES
        return [*messages[:MAX_MESSAGES], f"{left} more messages are not listed."]
    return messages


def validation_errors(exc: ValidationError) -> dict[str, Any]:
    """marshmallow's messages keyed by field; a whole-body error comes under ``_schema``."""
    if isinstance(exc.messages, dict):
        capped: dict[str, Any] = _capped(exc.messages)
        return capped
    return {"_schema": _capped(exc.messages)}


def _api_error(exc: ApiError) -> Response:
    return problem_response(exc.status, exc.code, exc.detail, exc.errors, exc.headers)


def _http_error(exc: HTTPException) -> Response | HTTPException:
    status = exc.code or 500
    if status < 400:
        return exc  # RequestRedirect and friends are answers, not errors.
    kept = {k: v for k, v in exc.get_headers() if k in _HEADERS_KEPT}
    detail = exc.description or HTTP_STATUS_CODES.get(status, "Error")
    return problem_response(status, code_for(status), detail, headers=kept)


def _validation_error(exc: ValidationError) -> Response:
    detail = "The request body is not valid; see errors for each field."
    return problem_response(422, "validation_error", detail, validation_errors(exc))


def _too_complex(exc: DocumentTooComplexError) -> Response:
    return problem_response(422, "document_too_complex", str(exc) or TOO_COMPLEX)


def _unexpected(exc: Exception) -> Response:
    # The traceback goes to the log (never to the client); the request id ties the two together.
    log.exception("unhandled error", extra={FIELDS: {"request_id": _request_id()}})
    return problem_response(500, "internal_error", "The server failed to answer this request.")


def _request_id() -> str | None:
    value = request.environ.get(REQUEST_ID_ENV)
    return value if isinstance(value, str) else None


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ValidationError, _validation_error)
    app.register_error_handler(DocumentTooComplexError, _too_complex)
    app.register_error_handler(Exception, _unexpected)
