"""``kutip serve`` as users run it: gunicorn on a free port, real HTTP from real sockets."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .helpers import assert_matches

pytestmark = pytest.mark.live
KUTIP = Path(sys.executable).with_name("kutip")
_SAMPLE = re.compile(r"^(\w+)\{(.*)\} (\S+)$")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    tmp: Path
    log: Path

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            found = {k.lower(): v for k, v in response.getheaders()}
            return Reply(response.status, found, response.read())
        finally:
            conn.close()

    def extract(self, text: str) -> Reply:
        body = json.dumps({"text": text}).encode()
        return self.request("POST", "/v1/extract", body, {"Content-Type": "application/json"})

    def counter(self, name: str, **labels: str) -> float:
        """The sum of a counter's samples whose labels include ``labels``."""
        total = 0.0
        for line in self.request("GET", "/metrics").body.decode().splitlines():
            match = _SAMPLE.match(line)
            if not match or match[1] != name:
                continue
            found = dict(re.findall(r'(\w+)="([^"]*)"', match[2]))
            if labels.items() <= found.items():
                total += float(match[3])
        return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(tmp: Path, workers: int) -> Server:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KUTIP_") and k != "PROMETHEUS_MULTIPROC_DIR"
    }
    env["TMPDIR"] = str(tmp)  # the server's metrics directory goes here, to check its cleanup
    port = _free_port()
    log = tmp / "server.log"
    command = [str(KUTIP), "serve", "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Server(process, port, tmp, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"kutip serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if server.request("GET", "/health").status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"kutip serve did not answer within 60 s:\n{log.read_text()}")


def _stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    started = _start(tmp_path_factory.mktemp("live"), workers=2)
    yield started
    _stop(started)


def _without_timing(reply: Reply) -> dict[str, Any]:
    body: dict[str, Any] = reply.json()
    del body["elapsed_ms"]
    return body


def test_seed_article(server: Server, seed_text: str) -> None:
    reply = server.extract(seed_text)
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/json"
    body = reply.json()
    assert_matches(server.request("GET", "/openapi.json").json(), "ExtractResponse", body)
    assert body["quotes"] and body["speakers"]
    assert any("Stoltenberg" in (s["name"] or "") for s in body["speakers"])
    for quote in body["quotes"]:
        assert seed_text[quote["start"] : quote["end"]] == quote["text"]


def test_200_concurrent_requests_agree_and_are_counted(server: Server, seed_text: str) -> None:
    route = {"route": "/v1/extract", "status": "200"}
    before = server.counter("kutip_requests_total", **route)
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: server.extract(seed_text), range(200)))
    assert [r.status for r in replies] == [200] * 200
    first = _without_timing(replies[0])
    assert all(_without_timing(r) == first for r in replies)
    assert len({r.headers["x-request-id"] for r in replies}) == 200
    # Both workers answered, and /metrics (served by either) adds up what both counted.
    [metrics_dir] = server.tmp.glob("kutip-metrics-*")
    pids = {p.stem.rsplit("_", 1)[1] for p in metrics_dir.glob("counter_*.db")}
    assert len(pids) >= 2, pids
    assert server.counter("kutip_requests_total", **route) - before == 200
    assert server.counter("kutip_quotes_extracted_total") >= 200 * len(first["quotes"])


def test_body_over_the_limit_is_refused_before_it_is_read(server: Server) -> None:
    # Only the headers are sent: the answer must come from Content-Length alone.
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(
            b"POST /v1/extract HTTP/1.1\r\nHost: kutip\r\nContent-Type: application/json\r\n"
            b"Content-Length: 3145728\r\n\r\n"
        )
        status, headers, body = _read_response(sock)
    assert status == 413
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["code"] == "payload_too_large"


def test_errors_are_problems_over_http(server: Server) -> None:
    cases = [
        ("POST", "/v1/extract", b"{", "application/json", 400, "malformed_json"),
        ("POST", "/v1/extract", b"\xff\xfe", "text/plain", 400, "invalid_utf8"),
        ("GET", "/nowhere", None, None, 404, "not_found"),
        ("GET", "/v1/extract", None, None, 405, "method_not_allowed"),
        ("POST", "/v1/extract", b"text=a", "application/x-www-form-urlencoded", 415,
         "unsupported_media_type"),
        ("POST", "/v1/extract", b'{"text": ""}', "application/json", 422, "validation_error"),
    ]  # fmt: skip
    for method, path, body, content_type, status, code in cases:
        headers = {"Content-Type": content_type} if content_type else {}
        reply = server.request(method, path, body, headers)
        assert reply.status == status, (path, reply.body)
        assert reply.headers["content-type"] == "application/problem+json"
        assert reply.json()["code"] == code


def test_logs_are_json_lines_without_article_text(server: Server, seed_text: str) -> None:
    server.extract(seed_text)
    lines = [line for line in server.log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is JSON
    requests = [r for r in records if r.get("message") == "request"]
    assert any(r["route"] == "/v1/extract" and r["status"] == 200 for r in requests)
    assert "basis industri kita" not in server.log.read_text()


def _read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_sigterm_lets_the_request_in_flight_finish(tmp_path: Path, seed_text: str) -> None:
    server = _start(tmp_path, workers=1)
    try:
        expected = _without_timing(server.extract(seed_text))
        body = json.dumps({"text": seed_text}).encode()
        head = (
            "POST /v1/extract HTTP/1.1\r\nHost: kutip\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(head + body[:100])
            time.sleep(0.5)  # the worker has the request and waits for the rest of the body
            server.process.send_signal(signal.SIGTERM)
            time.sleep(0.5)  # the master has passed the signal on to the worker
            sock.sendall(body[100:])
            status, _, answer = _read_response(sock)
        assert status == 200
        got = json.loads(answer)
        del got["elapsed_ms"]
        assert got == expected
        assert server.process.wait(timeout=30) == 0
        assert not list(tmp_path.glob("kutip-metrics-*")), "the metrics directory is removed"
    finally:
        _stop(server)


def test_a_taken_port_fails_cleanly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
        env["TMPDIR"] = str(tmp_path)
        done = subprocess.run(
            [str(KUTIP), "serve", "--port", str(port), "--workers", "1"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert done.returncode != 0
    assert "in use" in done.stdout + done.stderr
    assert not list(tmp_path.glob("kutip-metrics-*")), "no metrics directory is left behind"
