"""The archive as the app holds it: off (routes answer 503) unless KUTIP_DATABASE_URL is set.

``install_archive`` is all create_app does for it; with no database configured nothing else in
the service changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import cast

from flask import Flask, current_app
from werkzeug.routing import PathConverter

from kutip.api.config import ConfigError, Settings
from kutip.api.errors import ApiError
from kutip.archive.db import ArchiveConfigError, Database

EXTENSION = "kutip.archive"
HEAD = "0001"  # the newest migration (kutip/archive/migrations/versions)
log = logging.getLogger("kutip.api.archive")


@dataclass(slots=True)
class ArchiveState:
    db: Database | None
    superdesk_secret: str | None
    ready: bool = field(default=False)

    def database(self) -> Database:
        """The database once its schema is current; 503 (a retry may succeed) otherwise."""
        if self.db is None:
            raise ApiError(
                503,
                "archive_not_configured",
                "The archive is not configured: set KUTIP_DATABASE_URL.",
            )
        if not self.ready:
            try:
                revision = self.db.current_revision()
            except Exception:
                log.exception("archive database unreachable")
                raise ApiError(
                    503, "archive_unavailable", "The archive's database does not answer."
                ) from None
            if revision != HEAD:
                raise ApiError(
                    503,
                    "archive_not_migrated",
                    "The archive's schema is not current: run `kutip archive upgrade`.",
                )
            self.ready = True
        return self.db


class ArticleIdConverter(PathConverter):
    """An article id in a path: slashes allowed (ids are often URLs), but not a ``/quotes``
    segment, which is the article's quotes (so GET .../quotes is a 405, not an article)."""

    regex = r"[^/](?:(?!/quotes(?:/|$)).)*"


def install_archive(app: Flask, settings: Settings) -> None:
    """Register the archive's routes; connect (and upgrade, when asked) if a database is set."""
    from kutip.api.archive_routes import archive
    from kutip.api.archive_ui import pages
    from kutip.api.hooks import hooks

    try:
        db = Database(settings.database_url) if settings.database_url else None
    except ArchiveConfigError as exc:
        raise ConfigError(str(exc)) from None
    if db is not None and settings.archive_upgrade:
        db.upgrade()
        # Under gunicorn this runs in the master before it forks: no connection may be open
        # then (a SQLite handle or a socket must never be shared by two processes).
        db.dispose()
    app.extensions[EXTENSION] = ArchiveState(db, settings.superdesk_secret)
    app.url_map.converters["article_id"] = ArticleIdConverter
    app.register_blueprint(archive)
    app.register_blueprint(hooks)
    app.register_blueprint(pages)  # /archive: search, speaker and article pages


def archive_state() -> ArchiveState:
    return cast(ArchiveState, current_app.extensions[EXTENSION])
