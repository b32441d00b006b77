"""The archive's figures for BENCHMARKS.md: import time, search latency, concurrent ingest.

    python bench/archive.py                 # SQLite in a temporary directory
    python bench/archive.py --postgres      # a throwaway PostgreSQL server (tests/archive)
    python bench/archive.py --database URL  # a database of your own (it must be empty)

1. Import: all of ../shared/eval/pfsa-dev.jsonl (333 articles) through the importer
   (kutip.archive.importer.import_files, as ``kutip archive import`` runs it), timed whole.
2. Search: --queries GET /v1/quotes requests through the app in this process (Flask's test
   client: routing, validation, the database, JSON; no sockets), over words and speakers drawn
   from the stored quotes with a fixed seed, alone and as combinations; p50/p99/max.
3. Concurrent ingest: a fresh database, ``kutip serve`` with 2 workers, 16 client threads
   POSTing every article to /v1/articles twice (so half the answers must be `unchanged`);
   errors counted, then the rows checked for duplicates.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.serve import HOST, running  # noqa: E402

DEV_SET = ROOT.parent / "shared" / "eval" / "pfsa-dev.jsonl"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _fresh_url(stack: ExitStack, args: argparse.Namespace, name: str) -> str:
    if args.database:
        return str(args.database)
    if args.postgres:
        import psycopg
        from tests.archive import postgres

        server = getattr(args, "_server", None)
        if server is None:
            server = postgres.start()
            stack.callback(server.stop)
            args._server = server
        with psycopg.connect(server.url.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return str(server.database_url(name))
    directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="kutip-bench-"))
    return f"sqlite:///{directory}/{name}.sqlite3"


def bench_import(url: str) -> dict[str, Any]:
    from kutip.archive.db import Database
    from kutip.archive.importer import import_files
    from kutip.archive.progress import Progress
    from kutip.engine import Engine

    engine = Engine.from_directory(ROOT / "rules")
    db = Database(url)
    db.upgrade()
    progress = Progress("import", out=open("/dev/null", "w"))  # noqa: SIM115 (closed at exit)
    started = time.perf_counter()
    import_files(db, engine, [DEV_SET], 100_000, progress)
    seconds = time.perf_counter() - started
    return {"articles": progress.done, "outcomes": dict(progress.counts), "seconds": seconds}


def bench_search(url: str, queries: int) -> dict[str, Any]:
    from sqlalchemy import select

    from kutip.api import create_app
    from kutip.archive.db import Database
    from kutip.archive.schema import quotes, speakers

    db = Database(url)
    with db.read() as conn:
        # In a fixed order, so the seeded draws below pick the same queries on every backend.
        texts = list(conn.execute(select(quotes.c.text).order_by(quotes.c.text)).scalars())
        names = list(conn.execute(select(speakers.c.name).order_by(speakers.c.name)).scalars())
        total = len(texts)
    rng = random.Random(15)
    words = [w for t in texts for w in t.split() if len(w) > 3 and w.isalpha()]
    client = create_app({"database_url": url}).test_client()
    kinds: dict[str, list[float]] = {"word": [], "two words": [], "speaker": [], "word+speaker": []}
    hits = 0
    for n in range(queries):
        kind = list(kinds)[n % len(kinds)]
        query: dict[str, str] = {"limit": "20"}
        if kind in ("word", "word+speaker"):
            query["q"] = rng.choice(words)
        if kind == "two words":
            query["q"] = " ".join(rng.sample(words, 2))
        if kind in ("speaker", "word+speaker"):
            query["speaker"] = rng.choice(names)
        started = time.perf_counter()
        response = client.get("/v1/quotes", query_string=query)
        kinds[kind].append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"search failed: {response.status_code} {response.get_data()!r}")
        hits += bool(response.get_json()["quotes"])
    every = [ms for values in kinds.values() for ms in values]
    return {
        "quotes_stored": total,
        "queries": queries,
        "with_results": hits,
        "p50_ms": _percentile(every, 0.5),
        "p99_ms": _percentile(every, 0.99),
        "max_ms": max(every),
        "by_kind_p50_ms": {k: statistics.median(v) for k, v in kinds.items() if v},
    }


def _post(port: int, body: bytes) -> tuple[int | None, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request(
            "POST", "/v1/articles", body=body, headers={"Content-Type": "application/json"}
        )
        response = conn.getresponse()
        payload = json.loads(response.read())
        return response.status, str(payload.get("outcome") or payload.get("code"))
    except (OSError, ValueError) as exc:
        return None, type(exc).__name__
    finally:
        conn.close()


def bench_concurrent(url: str, clients: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from kutip.archive.db import Database
    from kutip.archive.schema import articles, quotes

    lines = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines()]
    bodies = [json.dumps({"id": a["id"], "text": a["text"]}).encode() for a in lines] * 2
    random.Random(15).shuffle(bodies)
    env = {"KUTIP_DATABASE_URL": url, "KUTIP_ARCHIVE_UPGRADE": "1"}
    latencies: list[float] = []
    with running(workers=2, env=env, start_timeout=120) as server:

        def send(body: bytes) -> tuple[int | None, str]:
            started = time.perf_counter()
            answer = _post(server.port, body)
            latencies.append((time.perf_counter() - started) * 1000)
            return answer

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            answers = list(pool.map(send, bodies))
        seconds = time.perf_counter() - started
    db = Database(url)
    with db.read() as conn:
        stored = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        duplicates = conn.execute(
            select(func.count()).select_from(
                select(quotes.c.article_id, quotes.c.start, quotes.c.end)
                .group_by(quotes.c.article_id, quotes.c.start, quotes.c.end)
                .having(func.count() > 1)
                .subquery()
            )
        ).scalar_one()
    outcomes: dict[str, int] = {}
    for status, outcome in answers:
        key = f"{status} {outcome}"
        outcomes[key] = outcomes.get(key, 0) + 1
    errors = sum(1 for status, _ in answers if status not in (200, 201))
    return {
        "requests": len(answers),
        "clients": clients,
        "seconds": seconds,
        "requests_per_s": len(answers) / seconds,
        "errors": errors,
        "outcomes": outcomes,
        "articles_stored": stored,
        "duplicate_quote_rows": duplicates,
        "p50_ms": _percentile(latencies, 0.5),
        "p99_ms": _percentile(latencies, 0.99),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database", help="an empty database of your own")
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL server")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--skip-concurrent", action="store_true")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"backend": "postgresql" if args.postgres else "sqlite"}
    with ExitStack() as stack:
        url = _fresh_url(stack, args, "bench_import")
        report["import"] = bench_import(url)
        print(json.dumps(report["import"]), file=sys.stderr)
        report["search"] = bench_search(url, args.queries)
        print(json.dumps(report["search"]), file=sys.stderr)
        if not args.skip_concurrent and not args.database:
            report["concurrent"] = bench_concurrent(
                _fresh_url(stack, args, "bench_load"), args.clients
            )
    print(json.dumps(report, indent=2))
    ok = "concurrent" not in report or (
        report["concurrent"]["errors"] == 0 and report["concurrent"]["duplicate_quote_rows"] == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
