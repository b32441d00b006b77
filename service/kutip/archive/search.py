"""Reading the archive: quote search (full text, filters, keyset pages newest first), speakers,
one article with its quotes.

Full text is SQLite FTS5 or PostgreSQL's text search ('simple' configuration): every word of
``q`` must be in the quote. A cursor is the (sort time, row) of the last quote of a page, so the
next page starts exactly after it even while new articles arrive.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import regex
from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    text,
)

from kutip.archive.db import Database
from kutip.archive.schema import articles, quotes, speaker_aliases, speakers
from kutip.archive.speakers import speaker_key

_WORD = regex.compile(r"[\p{L}\p{N}]+")


class BadCursorError(ValueError):
    """The cursor was not made by this archive."""


@dataclass(frozen=True, slots=True)
class QuoteQuery:
    q: str | None = None
    speaker: str | None = None  # an id, or a name or alias
    type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    outlet: str | None = None
    article: str | None = None
    limit: int = 20
    cursor: str | None = None


def encode_cursor(sort_at: datetime, pk: int) -> str:
    raw = json.dumps([sort_at.isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, pk = json.loads(raw)
        return datetime.fromisoformat(moment), int(pk)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise BadCursorError("The cursor is not one this archive gave out.") from exc


def _full_text(conn: Connection, q: str) -> ColumnElement[bool] | None:
    words = _WORD.findall(q)
    if not words:
        return None
    if conn.dialect.name == "postgresql":
        # archive_quotes.tsv: a generated column with a GIN index (migration 0001, PostgreSQL
        # only, so it is not in kutip.archive.schema).
        simple: ColumnElement[Any] = literal_column("'simple'::regconfig")
        vector: ColumnElement[Any] = literal_column("archive_quotes.tsv")
        found: ColumnElement[bool] = vector.bool_op("@@")(
            func.plainto_tsquery(simple, " ".join(words))
        )
        return found
    # Each word as an FTS5 string: the query language's operators cannot be injected.
    match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    matched = text("SELECT rowid FROM archive_quotes_fts WHERE archive_quotes_fts MATCH :m")
    return quotes.c.pk.in_(matched.bindparams(m=match).columns(column("rowid", Integer)))


def speaker_ids(conn: Connection, speaker: str) -> list[int]:
    """The speakers a filter names: an id, or a name or alias."""
    if speaker.strip().isdigit():
        return [int(speaker)]
    key = speaker_key(speaker)
    by_name = select(speakers.c.id).where(speakers.c.key == key)
    by_alias = select(speaker_aliases.c.speaker_id).where(speaker_aliases.c.key == key)
    return sorted({int(i) for i in conn.execute(by_name.union(by_alias)).scalars()})


def _brief(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {
        "id": row["article_id"],
        "headline": row["headline"],
        "outlet": row["outlet"],
        "published_at": row["published_at"],
        "url": row["url"],
    }


def served_quote(row: Mapping[Any, Any], with_article: bool = True) -> dict[str, Any]:
    """A stored quote as the API gives it: /v1/extract's fields and the archive's."""
    body = dict(row["data"])
    body.update(
        origin=row["origin"],
        corrected=row["corrected"],
        speaker_id=row["speaker_id"],
        context=row["context"],
    )
    if with_article:
        body["article"] = _brief(row)
    return body


def _columns() -> list[Any]:
    return [
        quotes,
        articles.c.headline,
        articles.c.outlet,
        articles.c.published_at,
        articles.c.url,
    ]


def search_quotes(db: Database, query: QuoteQuery) -> tuple[list[dict[str, Any]], str | None]:
    """One page of quotes, newest first, and the cursor of the next page (None at the end)."""
    with db.read() as conn:
        conditions: list[ColumnElement[bool]] = []
        if query.q:
            match = _full_text(conn, query.q)
            if match is None:
                return [], None
            conditions.append(match)
        if query.speaker:
            ids = speaker_ids(conn, query.speaker)
            if not ids:
                return [], None
            conditions.append(quotes.c.speaker_id.in_(ids))
        if query.type:
            conditions.append(quotes.c.type == query.type)
        if query.since:
            conditions.append(quotes.c.sort_at >= query.since)
        if query.until:
            conditions.append(quotes.c.sort_at < query.until)
        if query.outlet:
            conditions.append(articles.c.outlet == query.outlet)
        if query.article:
            conditions.append(quotes.c.article_id == query.article)
        if query.cursor:
            at, pk = decode_cursor(query.cursor)
            conditions.append(
                or_(quotes.c.sort_at < at, and_(quotes.c.sort_at == at, quotes.c.pk < pk))
            )
        statement = (
            select(*_columns())
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(*conditions)
            .order_by(quotes.c.sort_at.desc(), quotes.c.pk.desc())
            .limit(query.limit + 1)
        )
        rows = list(conn.execute(statement).mappings())
    page = rows[: query.limit]
    more = len(rows) > query.limit
    cursor = encode_cursor(page[-1]["sort_at"], page[-1]["pk"]) if more and page else None
    return [served_quote(row) for row in page], cursor


def _speaker_summaries(
    conn: Connection, ids: list[int] | None, q: str | None, limit: int
) -> list[dict[str, Any]]:
    counted = (
        select(
            speakers.c.id,
            speakers.c.name,
            func.count(quotes.c.pk).label("quotes"),
            func.min(quotes.c.sort_at).label("first_quoted"),
            func.max(quotes.c.sort_at).label("last_quoted"),
        )
        .join(quotes, quotes.c.speaker_id == speakers.c.id)
        .group_by(speakers.c.id, speakers.c.name)
    )
    if ids is not None:
        counted = counted.where(speakers.c.id.in_(ids))
    if q:
        key = speaker_key(q)
        matching = select(speaker_aliases.c.speaker_id).where(
            speaker_aliases.c.key.like("%" + key.replace("%", "").replace("_", "") + "%")
        )
        counted = counted.where(speakers.c.id.in_(matching))
    counted = counted.order_by(func.count(quotes.c.pk).desc(), speakers.c.id).limit(limit)
    found = [dict(row) for row in conn.execute(counted).mappings()]
    seen = _seen(conn, [person["id"] for person in found])
    for person in found:
        person.update(seen[person["id"]])
    return found


def _seen(conn: Connection, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """The aliases, roles and affiliations the articles gave each speaker of ``ids``: three
    queries for the whole page, not three a speaker."""
    seen: dict[int, dict[str, set[str]]] = {
        i: {"aliases": set(), "roles": set(), "affiliations": set()} for i in ids
    }
    if ids:
        aliases = select(speaker_aliases.c.speaker_id, speaker_aliases.c.name).where(
            speaker_aliases.c.speaker_id.in_(ids)
        )
        for speaker_id, name in conn.execute(aliases):
            seen[speaker_id]["aliases"].add(name)
        for key, value in (
            ("roles", quotes.c.speaker_role),
            ("affiliations", quotes.c.speaker_affiliation),
        ):
            given = (
                select(quotes.c.speaker_id, value)
                .where(quotes.c.speaker_id.in_(ids), value.is_not(None))
                .distinct()
            )
            for speaker_id, found in conn.execute(given):
                seen[speaker_id][key].add(found)
    return {i: {key: sorted(values) for key, values in kinds.items()} for i, kinds in seen.items()}


def find_speakers(db: Database, q: str | None, limit: int) -> list[dict[str, Any]]:
    """People with quotes, most quoted first; ``q`` matches any part of a name or alias."""
    with db.read() as conn:
        return _speaker_summaries(conn, None, q, limit)


def get_speaker(db: Database, speaker_id: int) -> dict[str, Any] | None:
    with db.read() as conn:
        found = _speaker_summaries(conn, [speaker_id], None, 1)
        if found:
            return found[0]
        row = conn.execute(select(speakers).where(speakers.c.id == speaker_id)).mappings().first()
        if row is None:
            return None
        empty = {"quotes": 0, "first_quoted": None, "last_quoted": None}
        return {
            "id": row["id"],
            "name": row["name"],
            **empty,
            **_seen(conn, [speaker_id])[speaker_id],
        }


def get_article(db: Database, article_id: str) -> dict[str, Any] | None:
    """The stored article and its served quotes (in text order), or None."""
    with db.read() as conn:
        row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
        if row is None:
            return None
        # The article is already read: its quotes need no join (they are served without it).
        found = conn.execute(
            select(quotes)
            .where(quotes.c.article_id == article_id)
            .order_by(quotes.c.start, quotes.c.end, quotes.c.pk)
        ).mappings()
        served = [served_quote(q, with_article=False) for q in found]
    result = row["result"] or {}
    body = {k: row[k] for k in _ARTICLE_FIELDS}
    body.update(warnings=list(result.get("warnings", [])), quotes=served)
    return body


_ARTICLE_FIELDS = (
    "id",
    "version",
    "status",
    "skip_reason",
    "headline",
    "outlet",
    "language",
    "published_at",
    "url",
    "text",
    "engine_version",
    "rules_version",
    "ingested_at",
    "updated_at",
)
