"""Writing articles: extract, then replace what is stored in one transaction.

Re-ingesting an article replaces its quotes atomically; the same version twice is a no-op and an
older version never replaces a newer one. The engine runs outside the transaction (it takes tens
of milliseconds; the write lock is held only for the writes), and the version is checked again
under the lock, so of two writers racing with versions of one article the newer always wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy import text as sql

from kutip.archive.corrections import apply_corrections
from kutip.archive.db import Database
from kutip.archive.records import ArticleInput, is_newer, utcnow, version_key
from kutip.archive.schema import articles, corrections, quotes
from kutip.archive.speakers import global_aliases, resolve_speaker
from kutip.build import build_version
from kutip.engine import Engine
from kutip.formats.html import html_to_text
from kutip.formats.present import present_result

Outcome = Literal["stored", "unchanged", "stale", "skipped"]
SPEAKERS_LOCK = "kutip-archive-speakers"
CONTEXT_CHARS = 160  # of text kept on each side of a quote, within its paragraph


@dataclass(frozen=True, slots=True)
class Stored:
    article_id: str
    version: str
    outcome: Outcome
    created: bool  # a row was written (stored, or newly recorded as skipped)


def machine_result(engine: Engine, article: ArticleInput) -> dict[str, Any] | None:
    """The engine's output for the article as /v1/extract returns it (None when skipped)."""
    if article.skip_reason is not None or article.text is None:
        return None
    markup = article.markup
    if markup is None and article.html is not None:
        markup = html_to_text(article.html)
    text = markup.text if markup is not None else article.text
    body = present_result(engine.extract(text).to_dict(), text=text, markup=markup)
    body.pop("text", None)  # kept once, in the article row
    return body


def stored_version(db: Database, article_id: str) -> str | None:
    with db.read() as conn:
        found = conn.execute(select(articles.c.version).where(articles.c.id == article_id)).scalar()
    return None if found is None else str(found)


def ingest(db: Database, engine: Engine, article: ArticleInput) -> Stored:
    """Store the article unless what is stored is this version or a newer one."""
    version = article.effective_version
    current = stored_version(db, article.id)
    if current is not None and not is_newer(version, current):
        return Stored(article.id, current, _unchanged(version, current), False)
    result = machine_result(engine, article)
    with db.write(lock_key=article.id) as conn:
        current = conn.execute(
            select(articles.c.version).where(articles.c.id == article.id)
        ).scalar()
        if current is not None and not is_newer(version, str(current)):
            return Stored(article.id, str(current), _unchanged(version, str(current)), False)
        _write_article(conn, article, version, result, exists=current is not None, engine=engine)
        rebuild_quotes(conn, article.id)
    outcome: Outcome = "skipped" if article.skip_reason is not None else "stored"
    return Stored(article.id, version, outcome, True)


def _unchanged(incoming: str, stored: str) -> Outcome:
    return "unchanged" if incoming == stored else "stale"


def _write_article(
    conn: Connection,
    article: ArticleInput,
    version: str,
    result: Mapping[str, Any] | None,
    *,
    exists: bool,
    engine: Engine,
) -> None:
    now = utcnow()
    text = article.text
    if article.html is not None and article.skip_reason is None:
        text = (article.markup or html_to_text(article.html)).text
    values: dict[str, Any] = {
        "version": version,
        "version_key": version_key(version),
        "status": "skipped" if article.skip_reason is not None else "stored",
        "skip_reason": article.skip_reason,
        "headline": article.headline,
        "outlet": article.outlet,
        "language": article.language,
        "published_at": article.published_at,
        "url": article.url,
        "text": text,
        "html": article.html,
        "result": dict(result) if result is not None else None,
        "engine_version": build_version(engine.rules_version) if result is not None else None,
        "rules_version": engine.rules_version if result is not None else None,
        "updated_at": now,
    }
    if exists:
        conn.execute(update(articles).where(articles.c.id == article.id).values(**values))
    else:
        conn.execute(insert(articles).values(id=article.id, ingested_at=now, **values))


def replace_result(
    conn: Connection, article_id: str, result: Mapping[str, Any], engine: Engine
) -> None:
    """A re-extraction of the stored text (same version): new machine output, same corrections."""
    conn.execute(
        update(articles)
        .where(articles.c.id == article_id)
        .values(
            result=dict(result),
            engine_version=build_version(engine.rules_version),
            rules_version=engine.rules_version,
            updated_at=utcnow(),
        )
    )
    rebuild_quotes(conn, article_id)


def rebuild_quotes(conn: Connection, article_id: str) -> None:
    """Replace the served quotes of one article: machine output with corrections applied."""
    row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().one()
    conn.execute(delete(quotes).where(quotes.c.article_id == article_id))
    result = row["result"]
    text = row["text"]
    if result is None or text is None:
        return
    fixes = [
        dict(fix)
        for fix in conn.execute(
            select(corrections).where(corrections.c.article_id == article_id)
        ).mappings()
    ]
    if conn.dialect.name == "postgresql":
        # Speakers are shared by all articles: two transactions adding the same new names in
        # different orders would deadlock on the unique keys. Every transaction takes this lock
        # after its article's, so writers queue here instead (SQLite writers queue anyway).
        lock = sql("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))")
        conn.execute(lock, {"k": SPEAKERS_LOCK})
    served = apply_corrections(text, result["quotes"], fixes)
    entity_ids = _entity_speakers(conn, result.get("speakers") or [])
    sort_at = row["published_at"] or row["ingested_at"]
    rows = []
    for quote in served:
        speaker = quote.get("speaker") or {}
        name = speaker.get("name")
        entity = speaker.get("entity")
        speaker_id = entity_ids.get(entity) if entity else None
        if speaker_id is None and name:
            speaker_id = resolve_speaker(conn, name)
        rows.append(
            {
                "article_id": article_id,
                "quote_id": quote["id"],
                "origin": quote["origin"],
                "corrected": quote["corrected"],
                "start": quote["start"],
                "end": quote["end"],
                "text": quote["text"],
                "type": quote["type"],
                "speaker_id": speaker_id,
                "speaker_name": name,
                "speaker_role": speaker.get("role"),
                "speaker_affiliation": speaker.get("affiliation"),
                "context": context_of(text, quote["start"], quote["end"]),
                "sort_at": sort_at,
                "data": {k: v for k, v in quote.items() if k not in ("origin", "corrected")},
            }
        )
    if rows:
        conn.execute(insert(quotes), rows)


def _entity_speakers(conn: Connection, entities: list[Mapping[str, Any]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for entity in entities:
        speaker_id = resolve_speaker(conn, str(entity["name"]), global_aliases(entity))
        if speaker_id is not None:
            found[str(entity["id"])] = speaker_id
    return found


def context_of(text: str, start: int, end: int) -> str:
    """The quote with up to CONTEXT_CHARS of its paragraph on each side (for result lists)."""
    left = max(text.rfind("\n", 0, start) + 1, start - CONTEXT_CHARS, 0)
    right_break = text.find("\n", end)
    right = min(len(text) if right_break < 0 else right_break, end + CONTEXT_CHARS)
    return text[left:right].strip()
