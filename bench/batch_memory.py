"""A batch of dense quotes against ``kutip serve`` (one worker): the answer's size, the worker's
RSS before, at its peak and after the answer, and whether the worker was recycled.

    .venv/bin/python -m bench.batch_memory                    # as shipped (KUTIP_RECYCLE_BYTES)
    .venv/bin/python -m bench.batch_memory --recycle-bytes 1000000000   # no recycle: what it keeps
    .venv/bin/python -m bench.batch_memory --ndjson           # streamed: one item at a time

RSS is VmRSS of /proc/<worker>/status, sampled every 10 ms while the request runs (the peak)
and read again once the answer is in; the live test is tests/hardening/test_edge_live.py.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from bench.serve import Server, running

# One quote a paragraph: the densest answer per byte of request kutip gives.
PARAGRAPH = '"Kami siap bekerja keras untuk rakyat," kata Budi Santoso.'


def dense_batch(documents: int = 100, paragraphs: int = 310) -> bytes:
    """A JSON batch of ``documents`` articles of ``paragraphs`` quotes each (~2 MB as given)."""
    text = "\n\n".join([PARAGRAPH] * paragraphs)
    body = {"documents": [{"id": str(n), "text": text} for n in range(documents)]}
    return json.dumps(body).encode()


def rss_mib(pid: int) -> float | None:
    """VmRSS of ``pid`` in MiB; None once it has exited."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@contextmanager
def peak_rss(pid: int) -> Iterator[list[float]]:
    """Samples VmRSS of ``pid`` while the block runs; the list holds the peak (MiB)."""
    peak = [rss_mib(pid) or 0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.01):
            value = rss_mib(pid)
            if value is not None:
                peak[0] = max(peak[0], value)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()


@dataclass(frozen=True, slots=True)
class Measured:
    request_bytes: int
    answer_bytes: int
    status: int
    seconds: float
    computed: int
    refused: int
    before_mib: float
    peak_mib: float
    after_mib: float  # the worker that answered, if it still runs; else its replacement's
    recycled: bool
    next_status: int  # a request after it


def measure(server: Server, body: bytes, settle: float = 2.0, ndjson: bool = False) -> Measured:
    (worker,) = server.wait_for_workers(1, 30)
    server.extract("Kata Budi: tidak.")  # warm: the first request's imports are not the batch's
    before = rss_mib(worker) or 0.0
    headers = {"Content-Type": "application/json"}
    if ndjson:
        headers["Accept"] = "application/x-ndjson"
    started = time.perf_counter()
    with peak_rss(worker) as peak:
        reply = server.request("POST", "/v1/extract/batch", body, headers, timeout=300)
    seconds = time.perf_counter() - started
    time.sleep(settle)  # a recycled worker exits and its replacement starts meanwhile
    (now,) = server.wait_for_workers(1, 30)
    if ndjson:
        results = [json.loads(line) for line in reply.body.splitlines()]
    else:
        results = json.loads(reply.body)["results"]
    next_reply = server.extract("Kata Budi: tidak.")
    return Measured(
        request_bytes=len(body),
        answer_bytes=len(reply.body),
        status=reply.status,
        seconds=round(seconds, 2),
        computed=sum(1 for item in results if item["result"] is not None),
        refused=sum(1 for item in results if item["result"] is None),
        before_mib=round(before, 1),
        peak_mib=round(peak[0], 1),
        after_mib=round(rss_mib(now) or 0.0, 1),
        recycled=now != worker,
        next_status=next_reply.status,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recycle-bytes", type=int, help="KUTIP_RECYCLE_BYTES of the server")
    parser.add_argument("--ndjson", action="store_true", help="ask for NDJSON lines")
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--paragraphs", type=int, default=310)
    args = parser.parse_args()
    env = {"KUTIP_RECYCLE_BYTES": str(args.recycle_bytes)} if args.recycle_bytes else {}
    with running(workers=1, env=env) as server:
        body = dense_batch(args.documents, args.paragraphs)
        measured = measure(server, body, ndjson=args.ndjson)
    print(json.dumps(asdict(measured)))


if __name__ == "__main__":
    main()
