"""kutip's gunicorn worker: gthread with bounded client I/O, answering gunicorn's own errors as
problem+json.

Threads, not one process per request: with the sync worker two clients sending headers a byte
a second, two idle connections or two clients that never read a large answer held both workers
(2 cores) until gunicorn killed them after 60 s, and health checks went unanswered. Here an
idle connection waits in the worker's poller, not in a thread (after IDLE_WAIT), and a slow
or non-reading client loses its thread after KUTIP_CLIENT_TIMEOUT seconds (clientsocket.py).
The engine is CPU-bound, so the threads of one worker share a core; they exist so that waiting
on a client never stops the others being answered.

gunicorn refuses what never reaches the app by itself: a request line or headers over its
limits (414, 431), bytes that are not HTTP (400), a request it failed on (500). It writes
those answers as a small HTML page and has no setting to change that (benoitc/gunicorn#993),
so a client of this JSON API would meet HTML there and problem+json everywhere else. This
worker gives them the app's shape: ``{"type", "title", "status", "detail", "code"}``, and
keeps the client's bytes out of them and out of the log line.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import threading
from typing import Any

from gunicorn import util
from gunicorn.workers import gthread
from werkzeug.http import HTTP_STATUS_CODES

from kutip.api.clientsocket import BoundedSocket
from kutip.api.errors import COMPACT, PROBLEM_MIME, code_for, problem
from kutip.api.inputs import CLOSE_ENV, RECYCLE_ENV
from kutip.api.state import EXTENSION, Service

# gunicorn answers a failed request with 500 and no message: say what the client may do.
_SERVER_FAILED = "The server failed on this request; it may be retried."
CLIENT_TIMEOUT_ENV = "KUTIP_CLIENT_TIMEOUT"
DEFAULT_CLIENT_TIMEOUT = 30.0
# How long a new connection may hold a thread before its first byte; then it waits in the
# poller (gunicorn's own wait is 5 s: four idle clients would hold four threads that long).
IDLE_WAIT = 0.5


def problem_bytes(status: int, detail: str) -> bytes:
    """A complete HTTP/1.1 answer (headers and problem+json body) that closes the connection."""
    body = json.dumps(problem(status, code_for(status), detail), separators=COMPACT)
    payload = body.encode("utf-8")
    phrase = HTTP_STATUS_CODES.get(status, "Error")
    head = (
        f"HTTP/1.1 {status} {phrase}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {PROBLEM_MIME}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
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


def client_timeout() -> float:
    """KUTIP_CLIENT_TIMEOUT in seconds (gunicorn_conf.py has refused a bad value at start)."""
    raw = os.environ.get(CLIENT_TIMEOUT_ENV, "").strip()
    return float(raw) if raw else DEFAULT_CLIENT_TIMEOUT


class ProblemWorker(gthread.ThreadWorker):  # type: ignore[misc]  # gunicorn ships no hints
    """gthread whose connections are BoundedSockets and whose error answers are problem+json,
    counted in /metrics like the app's."""

    wsgi: Any  # set by gunicorn's load_wsgi
    alive: bool
    flask: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client_timeout = client_timeout()
        self._current = threading.local()  # the request each thread is answering

    def init_process(self) -> None:
        # In this worker process gunicorn writes every error answer through this one
        # function, from any thread: replacing it once is safe, swapping it per call is not.
        util.write_error = self._write_problem
        super().init_process()

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.flask = self.wsgi
        self.wsgi = self._closing

    def _closing(self, environ: dict[str, Any], start_response: Any) -> Any:
        """The app; a request the app found unreadable (a broken chunked body, a timed-out
        read) closes its connection, or gunicorn would read on into the broken body."""
        body = self.flask(environ, start_response)
        request = getattr(self._current, "request", None)
        if environ.get(CLOSE_ENV) and request is not None:
            request.must_close = True
        if environ.get(RECYCLE_ENV) and self.alive:
            # An outsized batch answer: Python keeps the memory it took, so this worker
            # finishes what it has in hand and the arbiter starts a fresh one.
            self.log.info("Recycling the worker after an outsized batch answer")
            self.alive = False
        return body

    def accept(self, listener: socket.socket) -> None:
        # gthread's accept, with the connection adopted as a BoundedSocket.
        try:
            client, address = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        bounded = BoundedSocket.adopt(client, self.client_timeout, self.client_timeout)
        bounded.setblocking(True)
        conn = gthread.TConn(self.cfg, bounded, address, listener.getsockname())
        self.enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        if not conn.initialized and not conn.wait_for_data(IDLE_WAIT):
            return gthread._DEFER  # to the poller, which keeps it for `keepalive` seconds
        if isinstance(conn.sock, BoundedSocket):
            conn.sock.new_request()
        return super().handle(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        self._current.request = req
        try:
            return super().handle_request(req, conn)
        finally:
            self._current.request = None

    def handle_error(self, req: Any, client: socket.socket, addr: Any, exc: Exception) -> None:
        withhold_client_bytes(exc)
        super().handle_error(req, client, addr, exc)

    def _write_problem(self, sock: socket.socket, status: int, reason: str, mesg: str) -> None:
        detail = mesg or (_SERVER_FAILED if status >= 500 else reason)
        self._count(code_for(status))
        util.write_nonblock(sock, problem_bytes(status, detail))

    def _count(self, code: str) -> None:
        extensions = getattr(getattr(self, "flask", None), "extensions", {})
        kutip = extensions.get(EXTENSION)
        if isinstance(kutip, Service):
            kutip.metrics.error(code)
