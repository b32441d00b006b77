"""Bounded work: a document that exceeds its time budget gets a clear error, not a hang."""

from __future__ import annotations

import pytest

from kutip.engine import DocumentTooComplexError, Engine
from kutip.engine.budget import budget, remaining
from tests.conftest import SEED_TEXT


def test_a_spent_budget_raises(engine: Engine) -> None:
    strict = Engine(engine.rulebook, budget_seconds=1e-9)
    with pytest.raises(DocumentTooComplexError):
        strict.extract(SEED_TEXT.read_text(encoding="utf-8") * 4)


def test_no_budget_means_no_limit(engine: Engine) -> None:
    free = Engine(engine.rulebook, budget_seconds=None)
    assert len(free.extract(SEED_TEXT.read_text(encoding="utf-8")).quotes) == 6


def test_budget_is_scoped_to_the_document() -> None:
    assert remaining() is None
    with budget(10.0):
        left = remaining()
        assert left is not None and 0 < left <= 10.0
    assert remaining() is None
