"""Load and faults against ``kutip serve`` on loopback (127.0.0.1 only).

    python bench/load.py                                   # 60 s, 16 clients, dev articles
    python bench/load.py --kill-worker-at 20               # SIGKILL one worker 20 s in
    python bench/load.py --sigterm-at 10 --duration 15     # SIGTERM the master 10 s in
    python bench/load.py --batch 50 --concurrency 4        # batches of 50 articles

It starts the server itself (gunicorn workers = cores unless --workers), or uses --port of one
already running. Each client thread sends POST /v1/extract (or /v1/extract/batch) one request
at a time, over a new connection each time (as a client of the former sync workers did),
cycling through the articles of ../shared/eval/pfsa-dev.jsonl (the seed article and the rule
examples when that file is absent). The report: requests, errors by kind, requests/s, latency
percentiles, the CPU time of the server's workers and of this client, and for a fault what
happened around it. The exit status is 1 when a request failed that the scenario did not
allow to fail (any, without a fault; any not in flight when a worker was killed; any that a
worker had accepted before SIGTERM).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.serve import HOST, Server, running  # noqa: E402

DEV_SET = ROOT.parent / "shared" / "eval" / "pfsa-dev.jsonl"
SEEDS = ROOT / "seeds"


@dataclass(frozen=True, slots=True)
class Sample:
    started: float  # seconds since the run began
    ended: float
    status: int | None  # None: no HTTP answer (see error)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class Fault:
    kind: str  # "kill-worker" or "sigterm"
    at: float
    pid: int
    replaced_by: int | None = None
    replaced_after: float | None = None  # seconds from the kill to the new worker's start
    exit_status: int | None = None


@dataclass
class Report:
    path: str
    workers: int
    concurrency: int
    documents_per_request: int
    duration: float
    samples: list[Sample] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    server_cpu: float | None = None  # seconds, the workers' user + system time
    client_cpu: float = 0.0

    @property
    def ok(self) -> list[Sample]:
        return [s for s in self.samples if s.ok]

    def failures(self) -> list[Sample]:
        return [s for s in self.samples if not s.ok]

    def latency_ms(self, quantile: float) -> float:
        values = sorted(s.ended - s.started for s in self.ok)
        if not values:
            return float("nan")
        rank = min(len(values) - 1, max(0, round(quantile * len(values)) - 1))
        return values[rank] * 1000

    def summary(self) -> dict[str, Any]:
        ok = len(self.ok)
        errors = Counter(s.error or f"HTTP {s.status}" for s in self.failures())
        return {
            "path": self.path,
            "workers": self.workers,
            "concurrency": self.concurrency,
            "documents_per_request": self.documents_per_request,
            "duration_s": round(self.duration, 2),
            "requests": len(self.samples),
            "ok": ok,
            "errors": dict(errors),
            "requests_per_s": round(ok / self.duration, 1) if self.duration else 0.0,
            "documents_per_s": round(ok * self.documents_per_request / self.duration, 1),
            "p50_ms": round(self.latency_ms(0.50), 1),
            "p95_ms": round(self.latency_ms(0.95), 1),
            "p99_ms": round(self.latency_ms(0.99), 1),
            "max_ms": round(self.latency_ms(1.0), 1),
            "server_cpu_s": None if self.server_cpu is None else round(self.server_cpu, 2),
            "client_cpu_s": round(self.client_cpu, 2),
            "faults": [asdict(f) for f in self.faults],
        }


def load_articles(path: Path | None = None) -> list[dict[str, str]]:
    """The dev articles as {"id", "text"}; the seed article and rule examples without them."""
    path = path or DEV_SET
    if path.exists():
        with path.open(encoding="utf-8") as lines:
            return [{"id": d["id"], "text": d["text"]} for d in map(json.loads, lines)]
    import yaml

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for sieve in sorted((ROOT / "rules" / "sieves").glob("*.yaml")):
        examples = yaml.safe_load(sieve.read_text(encoding="utf-8")).get("examples") or {}
        texts += [e["text"] for e in examples.get("match") or []]
    return [{"id": f"doc-{n}", "text": t} for n, t in enumerate(texts)]


def request_bodies(articles: Sequence[dict[str, str]], per_request: int) -> list[bytes]:
    """One JSON body per article (per_request 0), or batches of ``per_request`` articles."""
    if per_request <= 0:
        return [json.dumps(a, ensure_ascii=False).encode() for a in articles]
    cycle = itertools.cycle(articles)
    count = max(1, len(articles) // per_request)
    return [
        json.dumps({"documents": [next(cycle) for _ in range(per_request)]}).encode()
        for _ in range(count)
    ]


def _worker_cpu(pids: set[int]) -> dict[int, float]:
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return found


def _send(port: int, path: str, body: bytes, timeout: float) -> tuple[int | None, str | None]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status, None
    except (OSError, http.client.HTTPException) as exc:
        return None, type(exc).__name__
    finally:
        conn.close()


def run_load(
    server: Server,
    bodies: Sequence[bytes],
    *,
    duration: float,
    concurrency: int,
    workers: int,
    documents_per_request: int = 1,
    kill_worker_at: float | None = None,
    sigterm_at: float | None = None,
    timeout: float = 120.0,
) -> Report:
    """``concurrency`` clients for ``duration`` seconds; faults at the times given."""
    path = "/v1/extract/batch" if documents_per_request > 1 else "/v1/extract"
    report = Report(path, workers, concurrency, documents_per_request, duration)
    counter = itertools.count()
    lock = threading.Lock()
    began = time.monotonic()
    stop_at = began + duration
    stopping = threading.Event()
    pids_before = server.workers()
    cpu_before = _worker_cpu(pids_before)
    client_before = time.process_time()

    def client() -> None:
        while time.monotonic() < stop_at and not stopping.is_set():
            body = bodies[next(counter) % len(bodies)]
            started = time.monotonic() - began
            status, error = _send(server.port, path, body, timeout)
            sample = Sample(started, time.monotonic() - began, status, error)
            with lock:
                report.samples.append(sample)
            if error == "ConnectionRefusedError":
                return  # the server has closed its socket (after SIGTERM): nothing more to do

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    if kill_worker_at is not None:
        _sleep_until(began + kill_worker_at)
        report.faults.append(_kill_a_worker(server, workers, began))
    if sigterm_at is not None:
        _sleep_until(began + sigterm_at)
        at = time.monotonic() - began
        server.process.send_signal(signal.SIGTERM)
        fault = Fault("sigterm", round(at, 3), server.pid)
        fault.exit_status = server.process.wait(timeout=60)
        report.faults.append(fault)
        stopping.set()
    for thread in threads:
        thread.join(timeout=timeout + duration)
    report.duration = min(duration, max((s.ended for s in report.samples), default=duration))
    report.client_cpu = time.process_time() - client_before
    if not report.faults:
        after = _worker_cpu(pids_before)
        if after.keys() == cpu_before.keys():
            report.server_cpu = sum(after.values()) - sum(cpu_before.values())
    report.samples.sort(key=lambda s: s.started)
    return report


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def _kill_a_worker(server: Server, workers: int, began: float) -> Fault:
    before = server.workers()
    victim = min(before)
    at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    fault = Fault("kill-worker", round(at - began, 3), victim)
    pids = server.wait_for_workers(workers, timeout=30, without={victim})
    fault.replaced_after = round(time.monotonic() - at, 3)
    fault.replaced_by = max(pids - before)
    return fault


def allowed_failures(report: Report) -> tuple[list[Sample], list[Sample]]:
    """(failures the scenario allows, failures it does not).

    A killed worker takes the requests it had in flight with it (one per thread: several
    since the workers are gthread), i.e. connection errors of requests under way at the kill.
    After SIGTERM, requests a worker had accepted must finish; connections still waiting in the
    listen queue are reset and later ones refused: a client sees those as connection errors.
    """
    allowed: list[Sample] = []
    wrong: list[Sample] = []
    kills = [f for f in report.faults if f.kind == "kill-worker"]
    terms = [f for f in report.faults if f.kind == "sigterm"]
    for sample in report.failures():
        is_connection_error = sample.status is None
        in_flight_at_kill = any(sample.started <= k.at <= sample.ended for k in kills)
        after_sigterm = any(sample.ended >= t.at for t in terms)
        if is_connection_error and (in_flight_at_kill or after_sigterm):
            allowed.append(sample)
        else:
            wrong.append(sample)
    return allowed, wrong


def drained(report: Report) -> list[Sample]:
    """Requests in flight when SIGTERM came that the server still answered."""
    terms = [f.at for f in report.faults if f.kind == "sigterm"]
    return [s for s in report.samples if s.ok and any(s.started < t < s.ended for t in terms)]


def format_report(report: Report) -> str:
    s = report.summary()
    allowed, wrong = allowed_failures(report)
    lines = [
        f"{s['path']}: {s['workers']} workers, {s['concurrency']} clients, "
        f"{s['documents_per_request']} documents per request, {s['duration_s']} s",
        f"  requests {s['requests']}  ok {s['ok']}  errors {sum(s['errors'].values())} "
        f"{s['errors'] or ''}",
        f"  {s['requests_per_s']} requests/s  ({s['documents_per_s']} documents/s)",
        f"  latency ms  p50 {s['p50_ms']}  p95 {s['p95_ms']}  p99 {s['p99_ms']}  max {s['max_ms']}",
        f"  CPU s  server workers {s['server_cpu_s']}  this client {s['client_cpu_s']}",
    ]
    for fault in report.faults:
        if fault.kind == "kill-worker":
            lines.append(
                f"  SIGKILL worker {fault.pid} at {fault.at} s: replaced by {fault.replaced_by} "
                f"after {fault.replaced_after} s"
            )
        else:
            lines.append(
                f"  SIGTERM master {fault.pid} at {fault.at} s: exit status {fault.exit_status}, "
                f"{len(drained(report))} requests in flight answered 200"
            )
    if report.faults:
        lines.append(f"  failures the fault explains: {len(allowed)}; other failures: {len(wrong)}")
    return "\n".join(lines)


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load kutip serve on 127.0.0.1")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=_cores())
    parser.add_argument("--batch", type=int, default=0, help="documents per batch request")
    parser.add_argument("--kill-worker-at", type=float, default=None)
    parser.add_argument("--sigterm-at", type=float, default=None)
    parser.add_argument("--articles", type=Path, default=None, help="JSON lines with text")
    parser.add_argument("--json", type=Path, default=None, help="write the summary here")
    parser.add_argument("--log", type=Path, default=None, help="keep the server's log here")
    options = parser.parse_args(argv)
    articles = load_articles(options.articles)
    bodies = request_bodies(articles, options.batch)
    print(f"{len(articles)} articles, {len(bodies)} request bodies", flush=True)
    with running(workers=options.workers, log=options.log) as server:
        report = run_load(
            server,
            bodies,
            duration=options.duration,
            concurrency=options.concurrency,
            workers=options.workers,
            documents_per_request=max(1, options.batch),
            kill_worker_at=options.kill_worker_at,
            sigterm_at=options.sigterm_at,
        )
    print(format_report(report))
    if options.json:
        summary = report.summary()
        _, wrong = allowed_failures(report)
        summary["unexplained_failures"] = len(wrong)
        summary["drained"] = len(drained(report))
        options.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    _, wrong = allowed_failures(report)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
