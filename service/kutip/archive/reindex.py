"""``kutip archive reindex``: re-run the engine over articles an older engine or rule set read.

Articles are taken in id order, a batch at a time, each committed on its own: a run that is
stopped leaves every article either done or as it was, and the next run picks up the rest (it
selects by version, so nothing done is redone). Editors' corrections are re-applied on top.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from kutip.archive.db import Database
from kutip.archive.progress import Progress
from kutip.archive.records import ArticleInput
from kutip.archive.schema import articles
from kutip.archive.store import machine_result, replace_result
from kutip.build import build_version
from kutip.engine import DocumentTooComplexError, Engine


def _outdated(engine: Engine) -> object:
    return (articles.c.status == "stored") & or_(
        articles.c.rules_version.is_(None),
        articles.c.rules_version != engine.rules_version,
        # The build version: it changes with the engine's code, not only with a release.
        articles.c.engine_version != build_version(engine.rules_version),
    )


def count_outdated(db: Database, engine: Engine) -> int:
    from sqlalchemy import func

    with db.read() as conn:
        statement = select(func.count()).select_from(articles).where(_outdated(engine))  # type: ignore[arg-type]
        return int(conn.execute(statement).scalar_one())


def reindex(db: Database, engine: Engine, progress: Progress, batch: int = 50) -> None:
    after = ""
    while True:
        with db.read() as conn:
            rows = conn.execute(
                select(articles.c.id, articles.c.version, articles.c.text, articles.c.html)
                .where(_outdated(engine), articles.c.id > after)  # type: ignore[arg-type]
                .order_by(articles.c.id)
                .limit(batch)
            ).all()
        if not rows:
            return
        for row in rows:
            after = row.id
            article = ArticleInput(id=row.id, text=row.text, html=row.html, version=row.version)
            try:
                result = machine_result(engine, article)
            except DocumentTooComplexError as exc:
                progress.error(row.id, str(exc))
                continue
            if result is None:
                continue
            with db.write(lock_key=row.id) as conn:
                # A new version may have arrived since the batch was read: it was extracted
                # by the running engine already, so leave it.
                still = conn.execute(
                    select(articles.c.version).where(articles.c.id == row.id)
                ).scalar()
                if still != row.version:
                    progress.count("superseded")
                    continue
                replace_result(conn, row.id, result, engine)
            progress.count("reindexed")
