"""The archive's tables (SQLAlchemy Core). Alembic migrations under migrations/ create them;
this module is what the queries use. Names carry an ``archive_`` prefix so the archive can live
in a newsroom's existing PostgreSQL database next to other tables.

Times are naive UTC everywhere (SQLite has no time zones; one convention for both databases).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

articles = Table(
    "archive_articles",
    metadata,
    Column("id", String(500), primary_key=True),
    Column("version", String(200), nullable=False),
    # An ordered form of the version (numbers, times) or None (a content hash: no order).
    Column("version_key", String(64)),
    Column("status", String(16), nullable=False),  # stored | skipped
    Column("skip_reason", Text),
    Column("headline", Text),
    Column("outlet", String(200)),
    Column("language", String(20)),
    Column("published_at", DateTime),
    Column("url", Text),
    Column("text", Text),  # the plain text every offset indexes
    Column("html", Text),  # the HTML it came as, so a re-extraction can map offsets again
    Column("result", JSON),  # the machine output as /v1/extract returns it (quotes, speakers)
    Column("engine_version", String(40)),
    Column("rules_version", String(40)),
    Column("ingested_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)


def _article_id(*, index: bool | None = None) -> Column[str]:
    """The column naming a row's article; a row goes with its article. (A Column belongs to one
    table, so each table gets its own.)"""
    return Column(
        "article_id",
        String(500),
        ForeignKey("archive_articles.id", ondelete="CASCADE"),
        nullable=False,
        index=index,
    )


speakers = Table(
    "archive_speakers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("name", Text, nullable=False),
)

speaker_aliases = Table(
    "archive_speaker_aliases",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("speaker_id", Integer, ForeignKey("archive_speakers.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
)

# The quotes served: the machine's with the editors' corrections applied, rebuilt whenever
# either changes. Search reads only this table (and its full-text index).
quotes = Table(
    "archive_quotes",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    _article_id(),
    Column("quote_id", String(40), nullable=False),
    Column("origin", String(10), nullable=False),  # machine | editor
    Column("corrected", Boolean, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(10), nullable=False),
    Column("speaker_id", Integer, ForeignKey("archive_speakers.id")),
    Column("speaker_name", Text),
    Column("speaker_role", Text),
    Column("speaker_affiliation", Text),
    Column("context", Text, nullable=False),
    Column("sort_at", DateTime, nullable=False),  # published_at, else when it was ingested
    Column("data", JSON, nullable=False),  # the quote as /v1/extract returns it
    UniqueConstraint("article_id", "quote_id", name="uq_archive_quotes_article_quote"),
    Index("ix_archive_quotes_sort", "sort_at", "pk"),
    Index("ix_archive_quotes_speaker", "speaker_id", "sort_at", "pk"),
)

# Editors' corrections, kept apart from machine output so a re-extraction keeps them. A
# correction names its quote by span (start, end), which survives re-extraction of one text.
corrections = Table(
    "archive_corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_id(index=True),
    Column("action", String(8), nullable=False),  # edit | drop | add
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("quote_text", Text, nullable=False),
    Column("type", String(10)),
    Column("speaker_set", Boolean, nullable=False),
    Column("speaker", Text),
    Column("created_at", DateTime, nullable=False),
)
