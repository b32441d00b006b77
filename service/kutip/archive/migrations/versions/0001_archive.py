"""The archive: articles, quotes (with full-text search), speakers and their aliases,
editors' corrections.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SQLite: an FTS5 index over archive_quotes.text, kept in step by triggers (external content:
# the text is stored once). unicode61 with diacritics removed matches 'Ma'ruf' and 'Maruf'.
_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE archive_quotes_fts USING fts5(text, content='archive_quotes', "
    "content_rowid='pk', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER archive_quotes_fts_ai AFTER INSERT ON archive_quotes BEGIN "
    "INSERT INTO archive_quotes_fts(rowid, text) VALUES (new.pk, new.text); END",
    "CREATE TRIGGER archive_quotes_fts_ad AFTER DELETE ON archive_quotes BEGIN "
    "INSERT INTO archive_quotes_fts(archive_quotes_fts, rowid, text) "
    "VALUES ('delete', old.pk, old.text); END",
    "CREATE TRIGGER archive_quotes_fts_au AFTER UPDATE ON archive_quotes BEGIN "
    "INSERT INTO archive_quotes_fts(archive_quotes_fts, rowid, text) "
    "VALUES ('delete', old.pk, old.text); "
    "INSERT INTO archive_quotes_fts(rowid, text) VALUES (new.pk, new.text); END",
]
# PostgreSQL: the 'simple' configuration (there is no Indonesian stemmer), stored in a
# generated column: an index on the expression alone re-parses every matching quote's text to
# recheck it, which made a common word cost 50 ms over pfsa-dev's 4,306 quotes.
_POSTGRES_FTS = [
    "ALTER TABLE archive_quotes ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED",
    "CREATE INDEX ix_archive_quotes_tsv ON archive_quotes USING gin (tsv)",
]


def upgrade() -> None:
    op.create_table(
        "archive_articles",
        sa.Column("id", sa.String(500), primary_key=True),
        sa.Column("version", sa.String(200), nullable=False),
        sa.Column("version_key", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("skip_reason", sa.Text),
        sa.Column("headline", sa.Text),
        sa.Column("outlet", sa.String(200)),
        sa.Column("language", sa.String(20)),
        sa.Column("published_at", sa.DateTime),
        sa.Column("url", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("html", sa.Text),
        sa.Column("result", sa.JSON),
        sa.Column("engine_version", sa.String(40)),
        sa.Column("rules_version", sa.String(40)),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_archive_articles_rules", "archive_articles", ["rules_version"])
    op.create_table(
        "archive_speakers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.create_table(
        "archive_speaker_aliases",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("archive_speakers.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.create_index(
        "ix_archive_speaker_aliases_speaker_id", "archive_speaker_aliases", ["speaker_id"]
    )
    op.create_table(
        "archive_quotes",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(500),
            sa.ForeignKey("archive_articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("quote_id", sa.String(40), nullable=False),
        sa.Column("origin", sa.String(10), nullable=False),
        sa.Column("corrected", sa.Boolean, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(10), nullable=False),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("archive_speakers.id")),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_role", sa.Text),
        sa.Column("speaker_affiliation", sa.Text),
        sa.Column("context", sa.Text, nullable=False),
        sa.Column("sort_at", sa.DateTime, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.UniqueConstraint("article_id", "quote_id", name="uq_archive_quotes_article_quote"),
    )
    op.create_index("ix_archive_quotes_sort", "archive_quotes", ["sort_at", "pk"])
    op.create_index("ix_archive_quotes_speaker", "archive_quotes", ["speaker_id", "sort_at", "pk"])
    op.create_table(
        "archive_corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(500),
            sa.ForeignKey("archive_articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("quote_text", sa.Text, nullable=False),
        sa.Column("type", sa.String(10)),
        sa.Column("speaker_set", sa.Boolean, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_archive_corrections_article_id", "archive_corrections", ["article_id"])
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_FTS if dialect == "sqlite" else _POSTGRES_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS archive_quotes_fts")
    for table in (
        "archive_corrections",
        "archive_quotes",
        "archive_speaker_aliases",
        "archive_speakers",
        "archive_articles",
    ):
        op.drop_table(table)
