"""Raw HTTP/1.1 on a socket, for the live tests that send what no HTTP client would."""

from __future__ import annotations

import socket


def read_response(sock: socket.socket) -> tuple[int | None, bytes]:
    """Read until the server closes ``sock``: (status, body), or (None, all bytes) when the
    answer is not HTTP (a reset counts as the close: the server may drop a hostile client)."""
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/"):
        return None, data
    return int(head.split()[1]), body
