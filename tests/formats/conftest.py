"""Shared fixtures for the format tests: one engine and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.engine import Engine

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_755a8e7ff748d252.txt"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_directory()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
