"""gunicorn's sync worker, answering gunicorn's own errors as problem+json.

gunicorn refuses what never reaches the app by itself: a request line or headers over its
limits (414, 431), bytes that are not HTTP (400), a request it failed on (500). It writes
those answers as a small HTML page and has no setting to change that (benoitc/gunicorn#993),
so a client of this JSON API would meet HTML there and problem+json everywhere else. This
worker gives them the app's shape: ``{"type", "title", "status", "detail", "code"}``.
"""

from __future__ import annotations

import json
import socket
from typing import Any

from gunicorn import util
from gunicorn.workers.sync import SyncWorker
from werkzeug.http import HTTP_STATUS_CODES

from kutip.api.errors import COMPACT, PROBLEM_MIME, code_for, problem
from kutip.api.state import EXTENSION, Service

# gunicorn answers a failed request with 500 and no message: say what the client may do.
_SERVER_FAILED = "The server failed on this request; it may be retried."


def problem_bytes(status: int, detail: str) -> bytes:
    """A complete HTTP/1.1 answer (headers and problem+json body) that closes the connection."""
    body = json.dumps(problem(status, code_for(status), detail), separators=COMPACT)
    payload = body.encode("utf-8")
    phrase = HTTP_STATUS_CODES.get(status, "Error")
    head = (
        f"HTTP/1.1 {status} {phrase}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {PROBLEM_MIME}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode("latin-1") + payload


class _Withheld:
    """Stands for bytes the client sent, in gunicorn's messages (which quote them with %r)."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __repr__(self) -> str:
        return f"<{self.size} characters, not shown>"

    __str__ = __repr__


# The attributes gunicorn's parse errors keep the offending bytes in (a header line, a chunk
# size, a request line, ...): a header line without its colon may be an API key, a chunk
# error quotes the body.
_QUOTED = ("hdr", "data", "term", "buf", "req", "line")


def withhold_client_bytes(exc: BaseException) -> None:
    """Replace what the client sent in ``exc`` by its length, for the log line and the answer."""
    for name in _QUOTED:
        value = getattr(exc, name, None)
        if isinstance(value, (str, bytes)):
            setattr(exc, name, _Withheld(len(value)))


class ProblemWorker(SyncWorker):  # type: ignore[misc]  # gunicorn ships no type hints
    """A sync worker (one request at a time: the engine is CPU-bound) whose error answers are
    problem+json and counted in /metrics like the app's."""

    def handle_error(self, req: Any, client: socket.socket, addr: Any, exc: Exception) -> None:
        # gunicorn builds the status, logs, and writes through ``util.write_error``: only the
        # writing changes. A sync worker serves one request at a time, so the swap is safe.
        withhold_client_bytes(exc)
        original = util.write_error
        util.write_error = self._write_problem
        try:
            super().handle_error(req, client, addr, exc)
        finally:
            util.write_error = original

    def _write_problem(self, sock: socket.socket, status: int, reason: str, mesg: str) -> None:
        detail = mesg or (_SERVER_FAILED if status >= 500 else reason)
        self._count(code_for(status))
        util.write_nonblock(sock, problem_bytes(status, detail))

    def _count(self, code: str) -> None:
        extensions = getattr(self.wsgi, "extensions", {})
        kutip = extensions.get(EXTENSION)
        if isinstance(kutip, Service):
            kutip.metrics.error(code)
