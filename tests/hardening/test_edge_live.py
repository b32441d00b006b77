"""``kutip serve`` against careless and hostile clients at the HTTP edge (issue 17), on
127.0.0.1 (bench/serve.py): malformed chunked bodies, invented methods, header lines without a
colon, hostile HTML shapes at 16/32/96 KiB."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
from bench.serve import HOST, Server, running

pytestmark = pytest.mark.live
WORKERS = 2
SECRET = "sk-live-0123456789abcdef"  # must never reach the log


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("edge") / "server.log"
    with running(workers=WORKERS, log=log) as started:
        yield started


def exchange(server: Server, data: bytes, timeout: float = 30) -> tuple[int | None, bytes]:
    """Send ``data`` on a new connection, read until the server closes it."""
    answer = b""
    with socket.create_connection((HOST, server.port), timeout=timeout) as sock:
        sock.sendall(data)
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    head, _, body = answer.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/"):
        return None, answer
    return int(head.split()[1]), body


CHUNKED = (
    b"POST /v1/extract HTTP/1.1\r\nHost: kutip\r\nContent-Type: text/plain\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n"
)
MARK = b"BODYBYTES"  # in every malformed body: it must not be logged
BAD_CHUNKS = {
    "size zz": b"zz" + MARK + b"\r\nabc\r\n0\r\n\r\n",
    "size -1": b"-1\r\n" + MARK + b"\r\n0\r\n\r\n",
    "no terminator": b"9\r\n" + MARK + b"XX0\r\n\r\n",
    "bad trailer": b"3\r\nabc\r\n0\r\n" + MARK + b" no colon\r\n\r\n",
    "bad extension": b"3;\x00" + MARK + b"\r\nabc\r\n0\r\n\r\n",
}


@pytest.mark.parametrize("body", BAD_CHUNKS.values(), ids=list(BAD_CHUNKS))
def test_a_malformed_chunked_body_is_a_400_problem(server: Server, body: bytes) -> None:
    """They answered 500 with an ERROR traceback quoting the body before."""
    status, answer = exchange(server, CHUNKED + body)
    assert status == 400, answer
    problem = json.loads(answer)
    assert problem["code"] == "malformed_chunked_body"
    assert MARK.decode() not in problem["detail"]
    log = server.log_text()
    assert MARK.decode() not in log
    assert '"level": "ERROR"' not in log
    assert server.extract("“Kami siap,” kata Budi.").status == 200


def test_invented_methods_add_no_metric_series(server: Server) -> None:
    for n in range(300):
        status, _ = exchange(server, f"INVENT{n} /health HTTP/1.1\r\nHost: kutip\r\n\r\n".encode())
        assert status == 405
    metrics = server.request("GET", "/metrics").body.decode()
    assert "INVENT" not in metrics
    [other] = [
        line
        for line in metrics.splitlines()
        if line.startswith("kutip_requests_total{") and 'method="other"' in line
    ]
    assert other.endswith(" 300.0"), other


def test_a_header_line_without_a_colon_is_not_logged(server: Server) -> None:
    """gunicorn logged the whole line (an API key pasted without its name lands in the log)."""
    request = f"GET /health HTTP/1.1\r\nHost: kutip\r\nX-API-Key {SECRET}\r\n\r\n"
    status, answer = exchange(server, request.encode())
    assert status == 400
    problem = json.loads(answer)
    assert SECRET not in problem["detail"]
    time.sleep(0.2)  # the log line is written after the answer
    assert SECRET not in server.log_text()
    assert "Invalid" in server.log_text()  # the refusal itself is still logged


KIB = 1024


@pytest.mark.parametrize("kib", [16, 32, 96])
@pytest.mark.parametrize("shape", ["<a ", "</", "<?"])
def test_hostile_html_shapes_are_answered_at_once(server: Server, shape: str, kib: int) -> None:
    """32 KiB of '<a ' took 8.5 s and 96 KiB killed the worker (a 500) before."""
    source = (shape * (kib * KIB // len(shape))).encode()
    started = time.monotonic()
    reply = server.request("POST", "/v1/extract", source, {"Content-Type": "text/html"})
    elapsed = time.monotonic() - started
    assert reply.status == 422, reply.body[:300]
    assert json.loads(reply.body)["code"] == "validation_error"  # no text in it
    assert elapsed < 3.0, elapsed
