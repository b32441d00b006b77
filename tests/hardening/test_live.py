"""``kutip serve`` under hostile clients, load and faults, on 127.0.0.1 (bench/serve.py).

Short versions of bench/load.py's runs (the 60 s run is done by hand: see BENCHMARKS.md):
a few seconds of load with zero errors, a worker killed mid-load and replaced, SIGTERM while
long requests are in flight, clients that send their headers or body too slowly (cut after
KUTIP_CLIENT_TIMEOUT), and 10 MB
bodies refused with 413 long before they are read whole.
"""

from __future__ import annotations

import json
import select
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.load import allowed_failures, format_report, load_articles, request_bodies, run_load
from bench.serve import HOST, Server, running

from tests.conftest import SEED_TEXT
from tests.hardening.wire import read_response

pytestmark = pytest.mark.live
WORKERS = 2
SLOW_TIMEOUT = 3  # KUTIP_CLIENT_TIMEOUT for the slow-client server: seconds of I/O per request


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("live") / "server.log"
    with running(workers=WORKERS, log=log) as started:
        yield started


def test_short_load_has_no_errors(server: Server) -> None:
    bodies = request_bodies(load_articles(), 0)
    report = run_load(server, bodies, duration=5, concurrency=8, workers=WORKERS)
    summary = report.summary()
    assert summary["requests"] >= 20, format_report(report)
    assert summary["errors"] == {}, format_report(report)
    print(format_report(report))


def test_a_killed_worker_is_replaced_and_the_others_answer(server: Server) -> None:
    bodies = request_bodies(load_articles(), 0)
    report = run_load(server, bodies, duration=6, concurrency=4, workers=WORKERS, kill_worker_at=2)
    [fault] = report.faults
    assert fault.replaced_by is not None and fault.replaced_by != fault.pid
    assert fault.replaced_after is not None and fault.replaced_after < 10
    allowed, wrong = allowed_failures(report)
    assert wrong == [], format_report(report)
    assert len(allowed) <= 4  # at most the requests the killed worker had in hand (4 clients)
    after = [s for s in report.samples if s.started > fault.at + fault.replaced_after]
    assert after and all(s.ok for s in after), format_report(report)
    assert "SIGKILL" in server.log_text() or "killed" in server.log_text()


def test_sigterm_finishes_the_long_requests_in_flight(tmp_path: Path) -> None:
    """Both workers are busy with a long batch when SIGTERM comes: both batches are answered
    in full, then the server exits 0. (A batch of 100 articles of 15,000 characters, 1.5 MB,
    takes about 1.5 s here; the test checks that the answers did come after the signal.)"""
    article = "\n\n".join([SEED_TEXT.read_text(encoding="utf-8")] * 7)
    body = json.dumps({"documents": [{"id": str(n), "text": article} for n in range(100)]})
    replies: list[tuple[int | None, bytes, float]] = []

    def send(port: int) -> None:
        with socket.create_connection((HOST, port), timeout=120) as sock:
            data = body.encode()
            head = (
                "POST /v1/extract/batch HTTP/1.1\r\nHost: kutip\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
            )
            sock.sendall(head.encode() + data)
            status, answer = read_response(sock)
            replies.append((status, answer, time.monotonic()))

    with running(workers=WORKERS, log=tmp_path / "server.log") as server:
        clients = [threading.Thread(target=send, args=(server.port,)) for _ in range(WORKERS)]
        for client in clients:
            client.start()
        time.sleep(0.3)  # both workers have their batch and work on it
        signalled = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        for client in clients:
            client.join(timeout=120)
        assert server.process.wait(timeout=60) == 0
    assert [status for status, _, _ in replies] == [200, 200]
    assert all(answered > signalled for _, _, answered in replies), "answered after SIGTERM"
    for _, answer, _ in replies:
        payload = json.loads(answer)
        assert (payload["count"], payload["failed"]) == (100, 0)


@pytest.fixture(scope="module")
def impatient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("slow") / "server.log"
    env = {"KUTIP_CLIENT_TIMEOUT": str(SLOW_TIMEOUT)}
    with running(workers=WORKERS, env=env, log=log) as started:
        yield started


SLOW_PARTS = {
    "headers": (b"POST /v1/extract HTTP/1.1\r\nHost: kutip\r\n", b"X-Slow: " + b"a" * 200),
    "body": (
        b"POST /v1/extract HTTP/1.1\r\nHost: kutip\r\nContent-Type: application/json\r\n"
        b"Content-Length: 400\r\n\r\n",
        b'{"text": "' + b"a" * 380,
    ),
}


@pytest.mark.parametrize("part", SLOW_PARTS, ids=list(SLOW_PARTS))
def test_a_slow_client_is_cut_after_the_client_timeout(impatient: Server, part: str) -> None:
    """A client that trickles its request (a byte every 0.2 s) holds one worker thread until
    KUTIP_CLIENT_TIMEOUT, then its connection is closed; no worker is killed (the sync
    workers were, after gunicorn's 60 s timeout). Meanwhile everyone else is answered."""
    start, trickle = SLOW_PARTS[part]
    workers = impatient.wait_for_workers(WORKERS, timeout=30)
    answered: list[int] = []
    with socket.create_connection((HOST, impatient.port), timeout=30) as sock:
        sock.sendall(start)
        began = time.monotonic()
        closed_after = None
        for byte in trickle:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed_after = time.monotonic() - began
                break
            if len(answered) < 5:
                answered.append(impatient.extract("“Kami siap,” kata Budi.", timeout=30).status)
            readable, _, _ = select.select([sock], [], [], 0.2)
            if readable:
                closed_after = time.monotonic() - began
                break
        assert closed_after is not None, "the server waited for the whole slow request"
    assert SLOW_TIMEOUT * 0.5 <= closed_after <= SLOW_TIMEOUT + 3, closed_after
    assert answered == [200] * 5
    assert "WORKER TIMEOUT" not in impatient.log_text()
    assert impatient.workers() == workers
    assert impatient.extract("“Kami siap,” kata Budi.").status == 200


@pytest.mark.parametrize(
    ("request_head", "status", "code"),
    [
        (
            b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: kutip\r\n\r\n",
            414,
            "request_uri_too_long",
        ),
        (
            b"GET /health HTTP/1.1\r\nHost: kutip\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n",
            431,
            "request_header_fields_too_large",
        ),
        (
            b"GET /health HTTP/1.1\r\n" + b"X-A: b\r\n" * 200 + b"\r\n",
            431,
            "request_header_fields_too_large",
        ),
        (b"\x00\x01\x02 hello\r\n\r\n", 400, "bad_request"),
        (b"GET /health HTTP/9.9\r\nHost: kutip\r\n\r\n", 400, "bad_request"),
    ],
    ids=["long request line", "long header", "too many headers", "binary", "bad version"],
)
def test_malformed_requests_are_refused_by_gunicorn_as_problems(
    server: Server, request_head: bytes, status: int, code: str
) -> None:
    """gunicorn refuses what is not HTTP before the app sees it; kutip's worker class makes
    that answer problem+json like every other error, counts it, and the worker carries on."""
    workers = server.workers()
    with socket.create_connection((HOST, server.port), timeout=30) as sock:
        sock.sendall(request_head)
        got, answer = read_response(sock)
    assert got == status
    problem = json.loads(answer)
    assert problem["status"] == status
    assert problem["code"] == code
    assert problem["detail"]
    assert server.workers() == workers
    assert server.extract("“Kami siap,” kata Budi.").status == 200
    metrics = server.request("GET", "/metrics").body.decode()
    assert f'kutip_errors_total{{code="{code}"}}' in metrics


def test_gunicorn_problems_have_the_problem_media_type(server: Server) -> None:
    with socket.create_connection((HOST, server.port), timeout=30) as sock:
        sock.sendall(b"GET /health HTTP/9.9\r\nHost: kutip\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head = data.partition(b"\r\n\r\n")[0].decode("latin-1").lower()
    assert "content-type: application/problem+json" in head
    assert "connection: close" in head


TEN_MB = 10 * 1024 * 1024


def test_a_10_mb_body_is_refused_before_it_is_sent(server: Server) -> None:
    """Content-Length says 10 MB: the 413 comes after the first 64 KB, the rest never sent."""
    with socket.create_connection((HOST, server.port), timeout=30) as sock:
        sock.sendall(
            b"POST /v1/extract HTTP/1.1\r\nHost: kutip\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(TEN_MB).encode() + b"\r\n\r\n" + b"a" * 65536
        )
        status, body = read_response(sock)
    assert status == 413
    assert json.loads(body)["code"] == "payload_too_large"


def test_a_chunked_10_mb_body_is_cut_off_at_the_limit(server: Server) -> None:
    """No Content-Length (chunked): the server reads up to its limit (2 MiB), answers 413 and
    closes; the client never gets to send the rest."""
    sent = 0
    chunk = b"a" * 65536
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    with socket.create_connection((HOST, server.port), timeout=30) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
        sock.sendall(
            b"POST /v1/extract HTTP/1.1\r\nHost: kutip\r\nContent-Type: text/plain\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        try:
            while sent < TEN_MB:
                if select.select([sock], [], [], 0)[0]:
                    break  # the answer is there: stop sending
                sock.sendall(frame)
                sent += len(chunk)
        except OSError:
            pass  # the server closed the connection while we were still sending
        status, body = read_response(sock)
    assert status == 413, body[:200]
    assert json.loads(body)["code"] == "payload_too_large"
    assert sent < TEN_MB * 0.8, f"{sent} bytes were sent before the answer"
    assert server.extract("“Kami siap,” kata Budi.").status == 200
