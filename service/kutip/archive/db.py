"""Connections to the archive: one SQLAlchemy engine per process, transactions for writes.

SQLite (the default) runs in WAL mode, so readers never wait for a writer, with a busy timeout,
and every write transaction starts with BEGIN IMMEDIATE: it takes the write lock up front, so two
writers queue instead of both reading and then failing to upgrade their locks. PostgreSQL writes
to one article are serialised by a transaction-scoped advisory lock on its id.

Under gunicorn the app is built before the workers fork; a pool must never cross a fork (two
processes on one socket or SQLite handle fail as "closed database"), so the engine is made on
first use in each process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 30_000
_WRITE = "kutip_write"


class ArchiveConfigError(ValueError):
    """KUTIP_DATABASE_URL names no database kutip can use."""


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 (the driver kutip ships)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_connect(dbapi_conn: Any, record: Any) -> None:
    # pysqlite's own transaction handling would BEGIN lazily (DEFERRED); kutip issues BEGIN.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, never corrupt
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their directory created."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise ArchiveConfigError(f"KUTIP_DATABASE_URL is not a database URL: {exc}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise ArchiveConfigError("KUTIP_DATABASE_URL must name a SQLite file, not memory")
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        # A pool that keeps connections open: closing the last connection to a WAL database
        # checkpoints it (fsyncs), which per transaction took most of an import's time.
        engine = create_engine(url, pool_size=5, max_overflow=10)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    raise ArchiveConfigError(
        f"KUTIP_DATABASE_URL must be sqlite:///FILE or postgresql+psycopg://..., not {backend}"
    )


class Database:
    """The archive's database for this process (see the module docstring)."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        make_engine(self.url).dispose()  # a bad URL fails at start, not on the first request
        self._engine: Engine | None = None
        self._pid = 0
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None or self._pid != os.getpid():
                if self._engine is not None:
                    self._engine.dispose(close=False)  # the parent's connections stay its own
                self._engine = make_engine(self.url)
                self._pid = os.getpid()
            return self._engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self, lock_key: str | None = None) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                if lock_key is not None and conn.dialect.name == "postgresql":
                    conn.execute(
                        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                        {"key": lock_key},
                    )
                yield conn

    def upgrade(self) -> None:
        """Create or upgrade the schema to the newest migration (safe with several replicas)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(_migrations()))
        with self.write(lock_key="kutip-archive-migrations") as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.read() as conn:
            context = MigrationContext.configure(
                conn, opts={"version_table": "kutip_archive_alembic_version"}
            )
            return context.get_current_revision()

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


def _migrations() -> Path:
    return Path(str(resources.files("kutip.archive").joinpath("migrations")))
