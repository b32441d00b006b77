"""``kill -HUP`` on a real gunicorn master: the workers come back with the rules as they are on
disk now, or with the old ones when the new set is broken (and a log line says so)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import ROOT
from .test_live import KUTIP, Server, _free_port, _stop

pytestmark = pytest.mark.live
PROBE = "“Kami siap,” kata Budi."
RULE = Path("sieves") / "010-quote-cue-name.yaml"  # the rule that decides PROBE


def _start_with_rules(tmp: Path, rules: Path) -> Server:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KUTIP_") and k != "PROMETHEUS_MULTIPROC_DIR"
    }
    env.update(TMPDIR=str(tmp), KUTIP_RULES_DIR=str(rules))
    port = _free_port()
    log = tmp / "server.log"
    command = [str(KUTIP), "serve", "--port", str(port), "--workers", "2"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Server(process, port, tmp, log)
    _wait(lambda: _answers(server), f"kutip serve did not start:\n{log.read_text()}", server)
    return server


def _answers(server: Server) -> bool:
    try:
        return server.request("GET", "/health").status == 200
    except OSError:
        return False


def _wait(done: Callable[[], bool], failure: str, server: Server, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited with {server.process.returncode}:\n{failure}")
        if done():
            return
        time.sleep(0.2)
    pytest.fail(failure)


def _ready(server: Server) -> dict[str, Any]:
    reply = server.request("GET", "/ready")
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.json()
    return body


def _all_workers_show(server: Server, version: str) -> bool:
    # Requests land on either worker: twenty answers in a row leave no old worker unseen.
    return all(_ready(server)["rules_version"] == version for _ in range(20))


def _confidence(server: Server) -> float:
    reply = server.extract(PROBE)
    assert reply.status == 200, reply.body
    (quote,) = reply.json()["quotes"]
    assert quote["rule"] == "quote-cue-name"
    return float(quote["confidence"])


def _log_records(server: Server) -> list[dict[str, Any]]:
    lines = server.log.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def _events(server: Server, event: str) -> list[dict[str, Any]]:
    return [r for r in _log_records(server) if r.get("event") == event]


def _boots(server: Server) -> int:
    return sum("Booting worker" in r.get("message", "") for r in _log_records(server))


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", copy)
    return copy


@pytest.fixture
def server(tmp_path: Path, rules: Path) -> Iterator[Server]:
    started = _start_with_rules(tmp_path, rules)
    yield started
    _stop(started)


def test_hup_loads_the_new_rules_and_refuses_a_broken_set(server: Server, rules: Path) -> None:
    first = _ready(server)["rules_version"]
    assert all(_confidence(server) == 0.97 for _ in range(5))
    # A request is counted when its body is closed, which a threaded worker may do just after
    # the client has read the answer: wait for the count rather than race it.
    _wait(
        lambda: server.counter("kutip_requests_total", route="/v1/extract") >= 5,
        "the five extracts were never counted",
        server,
    )
    extracts = server.counter("kutip_requests_total", route="/v1/extract")

    rule = rules / RULE
    source = rule.read_text(encoding="utf-8")
    assert "confidence: 0.97\n" in source
    rule.write_text(source.replace("confidence: 0.97\n", "confidence: 0.91\n"), encoding="utf-8")
    server.process.send_signal(signal.SIGHUP)
    _wait(
        lambda: (
            _all_workers_show(server, _ready(server)["rules_version"])
            and _ready(server)["rules_version"] != first
        ),
        f"/ready never showed new rules after HUP:\n{server.log.read_text()}",
        server,
    )
    second = _ready(server)["rules_version"]
    # The HUP re-read the gunicorn config: the metrics directory was not emptied under the
    # running service, so the counters did not fall back to zero.
    assert server.counter("kutip_requests_total", route="/v1/extract") >= extracts
    assert all(_confidence(server) == 0.91 for _ in range(10))  # every worker uses them
    (reloaded,) = _events(server, "rules_reloaded")
    assert (reloaded["previous_rules_version"], reloaded["rules_version"]) == (first, second)

    booted = _boots(server)
    rule.write_text(source.replace("confidence: 0.97\n", "confidence: 7\n"), encoding="utf-8")
    server.process.send_signal(signal.SIGHUP)
    _wait(
        lambda: bool(_events(server, "rules_reload_refused")) and _boots(server) >= booted + 2,
        f"no log line refused the broken rules:\n{server.log.read_text()}",
        server,
    )
    (refused,) = _events(server, "rules_reload_refused")
    assert refused["level"] == "ERROR" and refused["rules_version"] == second
    assert "010-quote-cue-name.yaml" in refused["message"]  # it says what is wrong, and where
    # The workers forked after the refusal answer with the rules loaded before.
    assert _all_workers_show(server, second)
    assert all(_confidence(server) == 0.91 for _ in range(10))
    assert server.process.poll() is None
