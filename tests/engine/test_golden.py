"""The seed article: its golden output, and its hand-annotated gold quotes."""

from __future__ import annotations

import json

import pytest

from kutip.engine import Engine
from kutip.evaluation import score_documents
from tests.conftest import SEED_GOLDEN, SEED_TEXT, SHARED
from tests.engine.helpers import check_offsets


def test_seed_output_equals_the_golden_file(engine: Engine) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    result = engine.extract(text)
    check_offsets(text, result)
    golden = json.loads(SEED_GOLDEN.read_text(encoding="utf-8"))
    found = result.to_dict()
    # The rules version changes with every edit of rules/; the quotes must not change unseen.
    assert found["quotes"] == golden["quotes"]
    assert found["speakers"] == golden["speakers"]


def test_seed_quotes_speakers_roles(engine: Engine) -> None:
    result = engine.extract(SEED_TEXT.read_text(encoding="utf-8"))
    found = [(q.type, q.speaker.name if q.speaker else None) for q in result.quotes]
    assert found == [
        ("mixed", "Jens Stoltenberg"),
        ("direct", "Jens Stoltenberg"),
        ("direct", "Jens Stoltenberg"),
        ("indirect", "Joe Biden"),
        ("direct", "Joe Biden"),
        ("direct", "Jens Stoltenberg"),
    ]
    stoltenberg = next(s for s in result.speakers if s.name == "Jens Stoltenberg")
    assert (stoltenberg.role, stoltenberg.affiliation) == ("Sekretaris Jenderal", "NATO")
    assert len(stoltenberg.quotes) == 4


def test_seed_matches_the_shared_gold(engine: Engine) -> None:
    gold_path = SHARED / "seeds" / "seed-gold.jsonl"
    if not gold_path.exists():
        pytest.skip(f"{gold_path} is absent (../shared is not beside this checkout)")
    gold = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            gold[obj["id"]] = obj
    pred = {aid: engine.extract(g["text"]).to_dict() for aid, g in gold.items()}
    summary = score_documents(gold, pred).summary()
    assert summary["quote"]["f1"] == 1.0
    assert summary["end_to_end"]["f1"] == 1.0
