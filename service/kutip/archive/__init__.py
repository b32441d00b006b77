"""The quote archive: every article a newsroom publishes, who said what, searchable.

Storage is SQLAlchemy Core over SQLite (default, WAL) or PostgreSQL; the schema is Alembic's
(``kutip archive upgrade``). Writing is kutip.archive.store, reading kutip.archive.search.
"""

from __future__ import annotations

from kutip.archive.db import ArchiveConfigError, Database
from kutip.archive.records import ArticleInput

__all__ = ["ArchiveConfigError", "ArticleInput", "Database"]
