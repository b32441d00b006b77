"""Two real service processes (``kutip serve``) on one database, SQLite and PostgreSQL:

* pushing versions of one article through both at once leaves exactly its newest version;
* 16 concurrent clients storing articles (each sent twice) get no errors and leave no
  duplicate rows.

Both servers start at once with KUTIP_ARCHIVE_UPGRADE=1, so the migration itself is raced too.
The interleavings vary from run to run; what is asserted holds for every one of them.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select

from kutip.archive.db import Database
from kutip.archive.schema import articles, quotes
from kutip.engine import Engine
from tests.archive import postgres
from tests.archive.conftest import SECRET, _libpq
from tests.archive.helpers import ninjs_text, signed
from tests.conftest import SHARED

pytestmark = pytest.mark.live
KUTIP = Path(sys.executable).with_name("kutip")
VERSIONS = 12


@dataclass
class Service:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, json.loads(response.read())
        finally:
            conn.close()


def _start(url: str, tmp: Path, name: str) -> Service:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUTIP_")}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(
        KUTIP_DATABASE_URL=url,
        KUTIP_ARCHIVE_UPGRADE="1",
        KUTIP_SUPERDESK_SECRET=SECRET,
        TMPDIR=str(tmp),
    )
    port = postgres._free_port()
    log = tmp / f"{name}.log"
    command = [str(KUTIP), "serve", "--port", str(port), "--workers", "1"]
    with log.open("wb") as out:
        # A session of its own, so a test can kill the master and its workers at once.
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    return Service(process, port, log)


def _wait(service: Service) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            pytest.fail(
                f"kutip serve exited {service.process.returncode}:\n{service.log.read_text()}"
            )
        try:
            conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"kutip serve did not answer within 90 s:\n{service.log.read_text()}")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def pair(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Service, Service, Database]]:
    tmp = tmp_path_factory.mktemp("pair")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'shared.sqlite3'}"
    else:
        server: postgres.Server = request.getfixturevalue("postgres_server")
        name = f"kutip_pair_{os.getpid()}"
        with psycopg.connect(_libpq(server.url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = server.database_url(name)
    services = [_start(url, tmp, "first"), _start(url, tmp, "second")]
    try:
        for service in services:
            _wait(service)
        db = Database(url)
        yield services[0], services[1], db
        db.dispose()
    finally:
        for service in services:
            _kill(service)


def _kill(service: Service) -> None:
    """SIGKILL the master and its workers: no shutdown code runs, as when a machine dies."""
    if service.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(service.process.pid, signal.SIGKILL)
    service.process.wait(timeout=30)


def _version_text(n: int) -> str:
    return f"“Versi {n} sudah final,” kata Joko Widodo.\n\nIa menambahkan, “Nomor {n} berlaku.”"


def test_two_services_pushing_versions_of_one_article_leave_the_newest(
    pair: tuple[Service, Service, Database],
) -> None:
    first, second, db = pair
    guid = "urn:newsml:example:race"
    pushes = [(n, first if n % 2 else second) for n in range(1, VERSIONS + 1)]
    random.Random(15).shuffle(pushes)  # a fixed order of sending; the interleaving is the race's

    def push(item: tuple[int, Service]) -> tuple[int, Any]:
        n, service = item
        body, headers = signed(SECRET, ninjs_text(guid, n, _version_text(n)))
        return service.post("/v1/hooks/superdesk", body, headers)

    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(push, pushes))
    assert all(status in (200, 201) for status, _ in replies), replies
    outcomes = [body["outcome"] for _, body in replies]
    assert set(outcomes) <= {"stored", "stale"} and "stored" in outcomes
    with db.read() as conn:
        row = conn.execute(
            select(articles.c.version, articles.c.text).where(articles.c.id == guid)
        ).one()
        texts = sorted(
            conn.execute(select(quotes.c.text).where(quotes.c.article_id == guid)).scalars()
        )
    assert row.version == str(VERSIONS)
    assert texts == sorted([f"Nomor {VERSIONS} berlaku.", f"Versi {VERSIONS} sudah final,"])


def test_sixteen_concurrent_clients_store_without_errors_or_duplicates(
    pair: tuple[Service, Service, Database],
) -> None:
    first, second, db = pair
    with (SHARED / "eval" / "pfsa-dev.jsonl").open(encoding="utf-8") as gold:
        sample = [json.loads(line) for _, line in zip(range(24), gold, strict=False)]
    # Every article twice, by two clients on different services, at about the same time.
    jobs = [(article, service) for article in sample for service in (first, second)]

    def store(job: tuple[dict[str, Any], Service]) -> tuple[int, Any]:
        article, service = job
        body = json.dumps({"id": f"c-{article['id']}", "text": article["text"]}).encode()
        return service.post("/v1/articles", body, {"Content-Type": "application/json"})

    with ThreadPoolExecutor(max_workers=16) as pool:
        replies = list(pool.map(store, jobs))
    assert [status for status, _ in replies if status not in (200, 201)] == []
    created = sum(1 for status, _ in replies if status == 201)
    assert created == len(sample)  # one of the two stored it, the other found it unchanged
    expected = {f"c-{a['id']}": len(body["quotes"]) for a, (_, body) in zip(
        [job[0] for job in jobs], replies, strict=True
    )}  # fmt: skip
    with db.read() as conn:
        ids = list(conn.execute(select(articles.c.id).where(articles.c.id.like("c-%"))).scalars())
        per_article: dict[str, int] = dict(
            conn.execute(
                select(quotes.c.article_id, func.count())
                .where(quotes.c.article_id.like("c-%"))
                .group_by(quotes.c.article_id)
            ).all()
        )
    assert sorted(ids) == sorted(expected)
    assert per_article == {k: v for k, v in expected.items() if v}


def test_a_service_killed_mid_write_loses_nothing_it_answered_and_leaves_nothing_half_written(
    pair: tuple[Service, Service, Database], engine: Engine, tmp_path: Path
) -> None:
    """Runs last: it kills the second service while 8 clients are storing articles through it,
    then starts a new one on the database. Every article answered 201 is there; every article
    there has all its quotes (a transaction is all or nothing)."""
    _, second, db = pair
    with (SHARED / "eval" / "pfsa-dev.jsonl").open(encoding="utf-8") as gold:
        sample = [json.loads(line) for _, line in zip(range(120), gold, strict=False)][40:]
    answered: dict[str, int] = {}
    some_stored = threading.Event()

    def store(article: dict[str, Any]) -> None:
        body = json.dumps({"id": f"kill-{article['id']}", "text": article["text"]}).encode()
        try:
            status, reply = second.post("/v1/articles", body, {"Content-Type": "application/json"})
        except (OSError, http.client.HTTPException, ValueError):
            return  # in flight when the service died
        if status == 201:
            answered[reply["id"]] = len(reply["quotes"])
            if len(answered) >= 5:
                some_stored.set()

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(store, article) for article in sample]
        assert some_stored.wait(timeout=120), "no article was stored before the kill"
        _kill(second)
        for future in futures:
            future.result()
    assert len(answered) < len(sample)  # the kill came mid-stream

    restarted = _start(db.url, tmp_path, "restarted")
    try:
        _wait(restarted)
        with db.read() as conn:
            stored = dict(
                conn.execute(
                    select(articles.c.id, articles.c.text).where(articles.c.id.like("kill-%"))
                ).all()
            )
            counts: dict[str, int] = dict(
                conn.execute(
                    select(quotes.c.article_id, func.count())
                    .where(quotes.c.article_id.like("kill-%"))
                    .group_by(quotes.c.article_id)
                ).all()
            )
        assert set(answered) <= set(stored)
        for article_id, text in stored.items():
            assert counts.get(article_id, 0) == len(engine.extract(text).quotes), article_id
        for article_id, n in answered.items():
            assert counts.get(article_id, 0) == n
        body = json.dumps({"id": "after-restart", "text": sample[0]["text"]}).encode()
        assert restarted.post("/v1/articles", body, {"Content-Type": "application/json"})[0] == 201
    finally:
        _kill(restarted)
