"""Alembic environment: runs on the connection kutip.archive.db hands it (never opens its own
unless run by the alembic command line with sqlalchemy.url set)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from kutip.archive.schema import metadata

VERSION_TABLE = "kutip_archive_alembic_version"

config = context.config
connection = config.attributes.get("connection")


def _run(conn: object) -> None:
    context.configure(
        connection=conn,  # type: ignore[arg-type]
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=True,  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
