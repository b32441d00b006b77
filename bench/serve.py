"""``kutip serve`` on loopback for the load script, the benchmarks and the live hardening tests.

``running(workers=2, env={...})`` starts gunicorn through the real command on a free port of
127.0.0.1, waits until /health answers and every worker is up, and stops it (SIGTERM, then
SIGKILL) on the way out. Worker pids come from /proc (the master's children).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
KUTIP = Path(sys.executable).with_name("kutip")


class ServerError(RuntimeError):
    """The server did not start, or did not stop, as expected."""


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def workers(self) -> set[int]:
        """The pids of the master's live children (its workers)."""
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            found = {int(p) for p in path.read_text().split()}
        except OSError:
            return set()
        return {pid for pid in found if _alive(pid)}

    def wait_for_workers(
        self, count: int, timeout: float, without: Collection[int] = ()
    ) -> set[int]:
        """Wait until ``count`` workers run, none of them in ``without``; their pids."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.workers()
            if len(pids) == count and not pids.intersection(without):
                return pids
            time.sleep(0.05)
        raise ServerError(f"expected {count} workers, have {self.workers()}")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 60.0,
    ) -> Reply:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=dict(headers or {}))
            response = conn.getresponse()
            found = {k.lower(): v for k, v in response.getheaders()}
            return Reply(response.status, found, response.read())
        finally:
            conn.close()

    def extract(self, text: str, timeout: float = 60.0) -> Reply:
        body = json.dumps({"text": text}).encode()
        headers = {"Content-Type": "application/json"}
        return self.request("POST", "/v1/extract", body, headers, timeout)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie is dead, only not yet reaped


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def server_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without KUTIP_* settings, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KUTIP_") and k != "PROMETHEUS_MULTIPROC_DIR"
    }
    env.update(extra or {})
    return env


@contextmanager
def running(
    workers: int = 2,
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    start_timeout: float = 60.0,
) -> Iterator[Server]:
    """``kutip serve`` with ``workers`` workers on a free loopback port, until the block ends."""
    with tempfile.TemporaryDirectory(prefix="kutip-serve-") as tmp:
        log_path = log or Path(tmp) / "server.log"
        port = free_port()
        command = [str(KUTIP), "serve", "--host", HOST, "--port", str(port)]
        command += ["--workers", str(workers)]
        environment = server_environment({"TMPDIR": tmp, **(env or {})})
        with log_path.open("wb") as out:
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, env=environment
            )
        server = Server(process, port, log_path)
        try:
            _wait_until_ready(server, workers, start_timeout)
            yield server
        finally:
            stop(server)


def _wait_until_ready(server: Server, workers: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            status = server.process.returncode
            raise ServerError(f"kutip serve exited with {status}:\n{server.log_text()}")
        try:
            if server.request("GET", "/health", timeout=5).status == 200:
                server.wait_for_workers(workers, max(1.0, deadline - time.monotonic()))
                return
        except OSError:
            time.sleep(0.1)
    raise ServerError(f"kutip serve did not answer within {timeout} s:\n{server.log_text()}")


def stop(server: Server, timeout: float = 30.0) -> int:
    """SIGTERM (graceful: in-flight requests finish), SIGKILL after ``timeout``; exit status."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            return server.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            server.process.kill()
    return server.process.wait(timeout=timeout)
