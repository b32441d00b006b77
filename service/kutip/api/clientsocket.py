"""A client connection whose reads and writes are bounded in time (kutip's gthread worker).

gunicorn's threaded worker reads a request and writes its answer with blocking socket calls
without a timeout: a client sending its headers a byte a second, or never reading a large
answer, holds a worker thread for as long as it likes, and enough of them stop the service.
This socket bounds both:

* reading one request (its head and its body) may take ``read_timeout`` seconds in all,
  counted from its first byte; past that a read raises ReadTimeoutError, which gunicorn takes as
  a client gone (the connection is closed, nothing logged above debug) and the app answers
  408 when it was reading the body;
* each write of the answer may take ``write_timeout`` seconds; past that the connection is
  given up as a broken pipe, with one warning line;
* a TLS handshake on this plain-HTTP port is refused at its first bytes instead of waiting
  for the request line it will never send.

Only gunicorn's own blocking calls are bounded (the socket has no timeout of its own then);
calls made with a timeout or in non-blocking mode (gunicorn's graceful close, its error
writer) keep theirs.
"""

from __future__ import annotations

import errno
import logging
import socket
import time
from typing import TYPE_CHECKING, Any

from gunicorn.http.errors import NoMoreData

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

log = logging.getLogger("kutip.api.worker")
# A TLS record of type handshake (22) and major version 3: the first bytes of a ClientHello.
_TLS_HANDSHAKE = b"\x16\x03"


class ReadTimeoutError(NoMoreData, TimeoutError):  # type: ignore[misc]  # gunicorn: no hints
    """The client did not send its request in time (a NoMoreData to gunicorn)."""

    def __str__(self) -> str:
        return "the request did not arrive in time"


class NotHttpError(NoMoreData):  # type: ignore[misc]
    """The client speaks TLS to the plain-HTTP port."""

    def __str__(self) -> str:
        return "a TLS handshake on the plain HTTP port"


class BoundedSocket(socket.socket):
    """An accepted connection with time bounds on gunicorn's blocking reads and writes."""

    read_timeout: float
    write_timeout: float
    _deadline: float | None
    _first: bool

    @classmethod
    def adopt(cls, sock: socket.socket, read_timeout: float, write_timeout: float) -> Any:
        """The same connection (file descriptor) as a BoundedSocket; ``sock`` is detached."""
        bounded = cls(sock.family, sock.type, sock.proto, fileno=sock.detach())
        bounded.read_timeout = read_timeout
        bounded.write_timeout = write_timeout
        bounded._deadline = None
        bounded._first = True
        return bounded

    def new_request(self) -> None:
        """The next read starts a new request: its read_timeout counts from there."""
        self._deadline = None

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        if self.gettimeout() is not None:
            return super().recv(bufsize, flags)
        now = time.monotonic()
        if self._deadline is None:
            self._deadline = now + self.read_timeout
        left = self._deadline - now
        if left <= 0:
            raise ReadTimeoutError()
        self.settimeout(left)
        try:
            data = super().recv(bufsize, flags)
        except TimeoutError:
            raise ReadTimeoutError() from None
        finally:
            self.settimeout(None)
        if self._first:
            self._first = False
            if data.startswith(_TLS_HANDSHAKE):
                raise NotHttpError()
        return data

    def sendall(self, data: ReadableBuffer, flags: int = 0) -> None:
        if self.gettimeout() is not None:
            super().sendall(data, flags)
            return
        self.settimeout(self.write_timeout)
        try:
            super().sendall(data, flags)
        except TimeoutError:
            log.warning(
                "a client did not read its answer within %s s: connection closed",
                self.write_timeout,
            )
            # gunicorn closes a broken pipe quietly; a timeout would be an ERROR traceback.
            raise BrokenPipeError(errno.EPIPE, "the client does not read its answer") from None
        finally:
            self.settimeout(None)
