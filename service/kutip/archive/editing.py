"""Editors' corrections, stored (kutip.archive.corrections applies them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from kutip.archive.db import Database
from kutip.archive.records import utcnow
from kutip.archive.schema import articles, corrections, quotes
from kutip.archive.store import rebuild_quotes


class EditError(Exception):
    """What an editor asked for cannot be done; ``code`` is the API's problem code."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


def _article_text(conn: Connection, article_id: str) -> str:
    row = conn.execute(
        select(articles.c.status, articles.c.text).where(articles.c.id == article_id)
    ).first()
    if row is None:
        raise EditError(404, "article_not_found", f"No article {article_id!r} in the archive.")
    if row.status != "stored" or row.text is None:
        raise EditError(409, "article_skipped", "The article was skipped: it has no quotes.")
    return str(row.text)


def edit_quote(db: Database, article_id: str, quote_id: str, changes: Mapping[str, Any]) -> None:
    """Change a served quote's speaker or type, or drop it."""
    with db.write(lock_key=article_id) as conn:
        _article_text(conn, article_id)
        quote = conn.execute(
            select(quotes.c.start, quotes.c.end, quotes.c.text, quotes.c.origin).where(
                quotes.c.article_id == article_id, quotes.c.quote_id == quote_id
            )
        ).first()
        if quote is None:
            raise EditError(404, "quote_not_found", f"The article has no quote {quote_id!r}.")
        if quote.origin == "editor":
            _edit_added(conn, int(quote_id[1:]), changes)
        else:
            _edit_machine(conn, article_id, quote, changes)
        rebuild_quotes(conn, article_id)


def _edit_added(conn: Connection, correction_id: int, changes: Mapping[str, Any]) -> None:
    where = corrections.c.id == correction_id
    if changes.get("dropped"):
        conn.execute(delete(corrections).where(where))
        return
    values: dict[str, Any] = {}
    if "type" in changes:
        values["type"] = changes["type"]
    if "speaker" in changes:
        values["speaker"] = changes["speaker"]
    conn.execute(update(corrections).where(where).values(**values))


def _edit_machine(
    conn: Connection, article_id: str, quote: Any, changes: Mapping[str, Any]
) -> None:
    span = (
        corrections.c.article_id == article_id,
        corrections.c.start == quote.start,
        corrections.c.end == quote.end,
        corrections.c.action.in_(("edit", "drop")),
    )
    existing = conn.execute(select(corrections).where(*span)).mappings().first()
    values: dict[str, Any] = {
        "action": "drop" if changes.get("dropped") else "edit",
        "type": changes.get("type", existing["type"] if existing else None),
        "speaker_set": "speaker" in changes or bool(existing and existing["speaker_set"]),
        "speaker": changes["speaker"]
        if "speaker" in changes
        else (existing["speaker"] if existing else None),
    }
    if existing is not None:
        conn.execute(update(corrections).where(corrections.c.id == existing["id"]).values(**values))
        return
    conn.execute(
        insert(corrections).values(
            article_id=article_id,
            start=quote.start,
            end=quote.end,
            quote_text=quote.text,
            created_at=utcnow(),
            **values,
        )
    )


def add_quote(
    db: Database, article_id: str, start: int, end: int, kind: str, speaker: str | None
) -> str:
    """Add a quote the engine missed; its id (``e<n>``)."""
    with db.write(lock_key=article_id) as conn:
        text = _article_text(conn, article_id)
        if end > len(text):
            raise EditError(
                422, "span_out_of_range", f"The article's text is {len(text)} characters long."
            )
        if not text[start:end].strip():
            raise EditError(422, "empty_span", "The span holds only white space.")
        new_id = conn.execute(
            insert(corrections)
            .values(
                article_id=article_id,
                action="add",
                start=start,
                end=end,
                quote_text=text[start:end],
                type=kind,
                speaker_set=True,
                speaker=speaker,
                created_at=utcnow(),
            )
            .returning(corrections.c.id)
        ).scalar_one()
        rebuild_quotes(conn, article_id)
    return f"e{new_id}"
