"""Shared fixtures: one engine for the whole run (building it compiles every rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_TEXT = ROOT / "seeds" / "000_755a8e7ff748d252.txt"
SEED_GOLDEN = ROOT / "seeds" / "000_755a8e7ff748d252.expected.json"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_directory(ROOT / "rules")
