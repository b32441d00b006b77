"""Fixtures for the HTTP service: ``app`` and ``client`` with default settings, ``make_client``
for other settings, and the seed article."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kutip.api import create_app
from kutip.api.config import ENVIRONMENT
from kutip.api.state import EXTENSION, Service
from kutip.engine import Engine

from .helpers import SEED


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's KUTIP_* variables (an API key, say) must not change what tests see."""
    for variable, _ in ENVIRONMENT.values():
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)


@pytest.fixture
def app() -> Flask:
    return create_app()


@pytest.fixture
def engine(app: Flask) -> Engine:
    """The app's engine (rules on disk may have changed since it was built)."""
    service: Service = app.extensions[EXTENSION]
    return service.engine


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_client() -> Callable[..., FlaskClient]:
    """A client of an app built with these settings (field names of kutip.api.config.Settings)."""

    def make(**config: Any) -> FlaskClient:
        return create_app(config).test_client()

    return make


@pytest.fixture
def spec(client: FlaskClient) -> dict[str, Any]:
    """The OpenAPI document as the service serves it."""
    body = client.get("/openapi.json").get_json()
    assert isinstance(body, dict)
    return body


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
