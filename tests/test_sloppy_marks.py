"""Sloppy quotation marks must not cost end-to-end F1: each dev file scored as it is and with
its marks retyped (tests/typography.py), by the project's own scorer.

Variants: each kind alone on every mark it fits (a whole article typed one sloppy way), and
``mixed``, all kinds drawn per mark for half the marks (seeded by the article id), as an
inconsistent typist would. Reads ../shared/eval and skips with a clear reason where it is
absent. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kutip.engine import Engine
from kutip.evaluation import load_jsonl, predict, score_documents
from tests.conftest import SHARED
from tests.typography import KINDS, retype_article

pytestmark = pytest.mark.accuracy

FILES = ("pfsa-dev.jsonl", "hand-dev.jsonl", "long-dev.jsonl")
VARIANTS: dict[str, tuple[tuple[str, ...], float]] = {
    **{kind: ((kind,), 1.0) for kind in KINDS},
    "mixed": (KINDS, 0.5),
}
MAX_LOSS = 0.01

Figures = Callable[[str, str], float]


def _gold(name: str) -> Path:
    path = SHARED / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the dev gold files live in ../shared/eval")
    return path


@pytest.fixture(scope="module")
def e2e_f1(engine: Engine) -> Figures:
    """End-to-end F1 of a file as it is ("original") or retyped, each computed once: the
    original is every variant's baseline, and pfsa-dev alone is 333 articles."""
    cache: dict[tuple[str, str], float] = {}

    def figure(name: str, variant: str) -> float:
        if (name, variant) not in cache:
            gold: dict[str, dict[str, Any]] = load_jsonl(_gold(name))
            if variant != "original":
                kinds, rate = VARIANTS[variant]
                gold = {aid: retype_article(g, kinds, rate=rate)[0] for aid, g in gold.items()}
            summary = score_documents(gold, predict(engine, gold)).summary()
            cache[name, variant] = summary["end_to_end"]["f1"]
        return cache[name, variant]

    return figure


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", FILES)
def test_sloppy_marks_cost_at_most_a_point(
    e2e_f1: Figures, name: str, variant: str, record_property: Callable[[str, object], None]
) -> None:
    original, sloppy = e2e_f1(name, "original"), e2e_f1(name, variant)
    record_property("e2e_f1_original", original)
    record_property("e2e_f1_sloppy", sloppy)
    line = f"{name} {variant}: e2e F1 {original:.4f} -> {sloppy:.4f}"
    print(line)
    # Both figures are rounded to 4 places; rounding the difference keeps float noise from
    # failing a loss of exactly MAX_LOSS.
    assert round(original - sloppy, 4) <= MAX_LOSS, line
