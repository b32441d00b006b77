"""Storage: versions, idempotence, atomic replacement, restart, migrations on both databases."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from kutip.api.archive_state import EXTENSION
from kutip.archive.db import Database
from tests.archive.conftest import make_archive_app

TEXT = "“Kami siap menghadapi pemilu,” kata Joko Widodo.\n\nIa menambahkan, “Semua aman.”"
NEWER = "“Kami belum siap,” kata Joko Widodo.\n\nIa menambahkan, “Tunggu dulu.”"


def _post(client: FlaskClient, **fields: Any) -> Any:
    return client.post("/v1/articles", json={"id": "a1", "text": TEXT, **fields})


def _quote_count(db: Database) -> int:
    from kutip.archive.schema import quotes

    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(quotes)).scalar_one())


def test_an_article_is_stored_with_every_field_extract_returns(archive_client: FlaskClient) -> None:
    response = _post(
        archive_client,
        version="1",
        headline="Pemilu",
        outlet="Kompas",
        language="id",
        published_at="2024-02-01T10:00:00+07:00",
        url="https://example.id/a1",
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["outcome"] == "stored"
    assert (body["version"], body["headline"], body["outlet"]) == ("1", "Pemilu", "Kompas")
    assert body["published_at"] == "2024-02-01T03:00:00+00:00"  # kept as UTC
    assert body["rules_version"] and body["engine_version"]
    extracted = archive_client.post("/v1/extract", json={"text": TEXT}).get_json()
    # The build that made the quotes: it changes with the engine's code, not only on a release.
    assert body["engine_version"] == extracted["build"]
    assert len(body["quotes"]) == len(extracted["quotes"]) == 2
    for stored, fresh in zip(body["quotes"], extracted["quotes"], strict=True):
        assert {k: stored[k] for k in fresh} == fresh
        assert TEXT[stored["start"] : stored["end"]] == stored["text"]
        assert stored["origin"] == "machine" and stored["corrected"] is False


def test_the_same_version_twice_is_a_no_op(archive_client: FlaskClient) -> None:
    first = _post(archive_client, version="3").get_json()
    again = _post(archive_client, version="3")
    assert again.status_code == 200
    assert again.get_json()["outcome"] == "unchanged"
    assert again.get_json()["ingested_at"] == first["ingested_at"]
    assert again.get_json()["updated_at"] == first["updated_at"]


def test_a_hash_version_makes_the_same_text_unchanged(archive_client: FlaskClient) -> None:
    assert _post(archive_client).status_code == 201
    assert _post(archive_client).get_json()["outcome"] == "unchanged"
    changed = _post(archive_client, text=NEWER)
    assert changed.status_code == 201
    assert changed.get_json()["quotes"][0]["text"] == "Kami belum siap,"


def test_a_newer_version_replaces_quotes_and_an_older_one_never_does(
    archive_app: Any, archive_client: FlaskClient
) -> None:
    db = archive_app.extensions[EXTENSION].db
    _post(archive_client, version="2")
    newer = _post(archive_client, version="10", text=NEWER)  # 10 > 2 as numbers, not strings
    assert newer.status_code == 201
    stale = _post(archive_client, version="9")
    assert stale.status_code == 200 and stale.get_json()["outcome"] == "stale"
    stored = archive_client.get("/v1/articles/a1").get_json()
    assert stored["version"] == "10"
    assert [q["text"] for q in stored["quotes"]] == ["Kami belum siap,", "Tunggu dulu."]
    assert _quote_count(db) == 2  # the old quotes are gone, not kept beside the new ones


def test_a_restart_serves_what_was_stored(db_url: str) -> None:
    first = make_archive_app(db_url)
    first.test_client().post("/v1/articles", json={"id": "a1", "text": TEXT})
    first.extensions[EXTENSION].db.dispose()
    again = make_archive_app(db_url, archive_upgrade=False).test_client()
    found = again.get("/v1/quotes", query_string={"q": "pemilu"}).get_json()["quotes"]
    assert [q["text"] for q in found] == ["Kami siap menghadapi pemilu,"]


def test_a_failed_write_leaves_what_was_stored(
    archive_app: Any, archive_client: FlaskClient
) -> None:
    """A transaction that dies half way (here: an error after the quotes were deleted) leaves
    the article as it was, quotes included."""
    from sqlalchemy import delete

    from kutip.archive.schema import quotes

    db = archive_app.extensions[EXTENSION].db
    _post(archive_client, version="1")
    try:
        with db.write(lock_key="a1") as conn:
            conn.execute(delete(quotes).where(quotes.c.article_id == "a1"))
            raise RuntimeError("killed mid-write")
    except RuntimeError:
        pass
    assert _quote_count(db) == 2


def test_upgrade_is_idempotent_and_reports_the_head(db_url: str) -> None:
    db = Database(db_url)
    assert db.current_revision() is None
    db.upgrade()
    db.upgrade()
    assert db.current_revision() == "0001"
    db.dispose()


def test_without_a_schema_the_archive_says_so(tmp_path: Any) -> None:
    app = make_archive_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}", archive_upgrade=False)
    response = app.test_client().get("/v1/quotes")
    assert response.status_code == 503
    assert response.get_json()["code"] == "archive_not_migrated"
