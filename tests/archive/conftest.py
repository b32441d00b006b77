"""Fixtures of the archive tests, each run on SQLite and on a real PostgreSQL server.

``db_url`` is a fresh, empty database (a SQLite file in tmp_path, or a new database on the
session's PostgreSQL server); ``archive_app``/``archive_client`` an app using it, upgraded.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient

from kutip.api import create_app
from kutip.api.archive_state import EXTENSION
from tests.api.conftest import _clean_environment, app, client, spec
from tests.archive import postgres

__all__ = ["_clean_environment", "app", "client", "spec"]
SECRET = "superdesk-shared-secret"
_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server]:
    given = os.environ.get("KUTIP_TEST_POSTGRES_URL")
    if given:
        yield postgres.Server(given, None, None, None)
        return
    if postgres.find_bindir() is None:
        pytest.skip(
            "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin) "
            "and KUTIP_TEST_POSTGRES_URL is not set; .ci/run installs it"
        )
    server = postgres.start()
    try:
        yield server
    finally:
        server.stop()


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.sqlite3'}"
        return
    server: postgres.Server = request.getfixturevalue("postgres_server")
    name = f"kutip_test_{os.getpid()}_{next(_names)}"
    with psycopg.connect(_libpq(server.url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.database_url(name)
    with psycopg.connect(_libpq(server.url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_archive_app(db_url: str, **config: Any) -> Flask:
    settings = {"database_url": db_url, "archive_upgrade": True, "superdesk_secret": SECRET}
    return create_app({**settings, **config})


@pytest.fixture
def archive_app(db_url: str) -> Iterator[Flask]:
    app = make_archive_app(db_url)
    yield app
    db = app.extensions[EXTENSION].db
    if db is not None:
        db.dispose()


@pytest.fixture
def archive_client(archive_app: Flask) -> FlaskClient:
    return archive_app.test_client()
