"""The outermost WSGI layer: request id, one JSON log line and the request metrics per request.

It sits outside Flask so that it sees every answer, errors included, and measures a streamed
(NDJSON) answer until its last byte, not until Flask returns the generator.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kutip.api.errors import REQUEST_ID_ENV
from kutip.api.logs import FIELDS
from kutip.api.metrics import Metrics

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

ROUTE_ENV = "kutip.route"
UNMATCHED = "<unmatched>"
# An incoming id is echoed and logged, so only a short plain token is trusted.
_VALID_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
access_log = logging.getLogger("kutip.api.access")
_SET_HERE = frozenset({"x-request-id", "x-content-type-options"})


def request_id_from(value: str | None) -> str:
    """The caller's X-Request-ID if it is a plain token, otherwise a new random one."""
    if value and _VALID_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def _relative(location: str) -> str:
    """A redirect's target without scheme and host.

    Werkzeug's routing redirects (a path without its slash, '//' merged) name the host the
    request's Host header gave: a foreign Host would make them an open redirect. kutip never
    redirects off its own host, so the path alone is always the right target.
    """
    parts = urlsplit(location)
    path = "/" + parts.path.lstrip("/")  # never '//x', which a browser reads as host x
    return path + (f"?{parts.query}" if parts.query else "")


class _CountedBody:
    """The answer's body, passed through byte for byte; ``done(size)`` runs once at close."""

    def __init__(self, inner: Iterable[bytes], done: Callable[[int], None]) -> None:
        self._inner = inner
        self._done: Callable[[int], None] | None = done
        self._size = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            self._size += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self._inner, "close", None)
            if close is not None:
                close()
        finally:
            if self._done is not None:
                done, self._done = self._done, None
                done(self._size)


class RequestMiddleware:
    def __init__(self, app: WSGIApplication, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        environ[REQUEST_ID_ENV] = request_id
        status = [500]

        def start(status_line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = int(status_line.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() not in _SET_HERE]
            headers = [(k, _relative(v) if k.lower() == "location" else v) for k, v in headers]
            headers.append(("X-Request-ID", request_id))
            # A browser must never read a JSON (or problem) answer as HTML or script.
            headers.append(("X-Content-Type-Options", "nosniff"))
            return start_response(status_line, headers, exc_info)

        def done(size: int) -> None:
            self._finish(environ, status[0], time.perf_counter() - started, size)

        self.metrics.in_flight.inc()
        try:
            body = self.app(environ, start)
        except BaseException:
            done(0)
            raise
        return _CountedBody(body, done)

    def _finish(self, environ: WSGIEnvironment, status: int, seconds: float, size: int) -> None:
        route = environ.get(ROUTE_ENV, UNMATCHED)
        method = environ.get("REQUEST_METHOD", "")
        self.metrics.in_flight.dec()
        self.metrics.observe_request(route, method, status, seconds)
        length = environ.get("CONTENT_LENGTH")
        # Sizes and timings only: the article text is never logged.
        fields = {
            "request_id": environ[REQUEST_ID_ENV],
            "method": method,
            "route": route,
            "path": environ.get("PATH_INFO", ""),
            "status": status,
            "duration_ms": round(seconds * 1000, 3),
            "request_bytes": int(length) if length and length.isdigit() else None,
            "response_bytes": size,
            "remote_addr": environ.get("REMOTE_ADDR"),
        }
        access_log.info("request", extra={FIELDS: fields})
