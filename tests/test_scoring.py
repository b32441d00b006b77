"""kutip's scorer: the speaker figures, lenient (score.py's) and strict (same name words); the
figures per source family."""

from __future__ import annotations

from typing import Any

import pytest

from kutip.evaluation import (
    load_jsonl,
    score_by_source,
    score_documents,
    source_family,
    split_by_source,
)
from kutip.evaluation.scoring import speaker_exact, speaker_right
from tests.conftest import SHARED

GOLD = {"speaker": "Tri Rismaharini", "speaker_aliases": ["Risma"]}


@pytest.mark.parametrize(
    ("pred", "right", "exact"),
    [
        ("Tri Rismaharini", True, True),
        ("Risma", True, True),
        ("Ibu Tri Rismaharini", True, True),  # an honorific is no name word
        ("Surabaya Tri Rismaharini", True, False),  # a place glued to the name
        ("Rismaharini", True, False),
        ("Whisnu Sakti Buana", False, False),
        (None, False, False),
    ],
)
def test_speaker_right_and_exact(pred: str | None, right: bool, exact: bool) -> None:
    assert speaker_right(pred, GOLD) is right
    assert speaker_exact(pred, GOLD) is exact


def test_no_gold_speaker_is_never_an_exact_name() -> None:
    assert speaker_exact("Tri Rismaharini", {"speaker": None}) is False


@pytest.mark.parametrize(
    ("article_id", "family"),
    [
        ("a-01", "a"),
        ("b-07", "b"),
        ("pfsa-dev-0001", "pfsa-dev"),
        ("pfsa-dev-0333", "pfsa-dev"),
        ("hand-a-03", "hand-a"),
        ("hand-b-19", "hand-b"),
        ("x_12", "x"),
        ("seed", "seed"),  # no number: its own family
        ("17", "17"),  # only a number: its own family, never the empty one
    ],
)
def test_source_family(article_id: str, family: str) -> None:
    assert source_family(article_id) == family


def _article(aid: str, speaker: str) -> dict[str, Any]:
    text = "“Kami siap,” kata Sandi."
    quote = {"start": 1, "end": 11, "text": "Kami siap,", "type": "direct", "speaker": speaker}
    return {"id": aid, "text": text, "annotated": ["direct"], "quotes": [quote]}


FAMILY_GOLD = {
    "a-01": _article("a-01", "Sandi"),
    "b-01": _article("b-01", "Budi"),
    "a-02": _article("a-02", "Sandi"),
    "b-02": _article("b-02", "Sandi"),
}
FAMILY_PRED = {
    aid: {"quotes": [{"start": 1, "end": 11, "type": "direct", "speaker": {"name": "Sandi"}}]}
    for aid in FAMILY_GOLD
}


def test_split_by_source_keeps_every_article_in_its_family() -> None:
    split = split_by_source(FAMILY_GOLD)
    assert {f: list(docs) for f, docs in split.items()} == {
        "a": ["a-01", "a-02"],
        "b": ["b-01", "b-02"],
    }


def test_each_family_scores_as_a_gold_file_of_its_own() -> None:
    by_source = score_by_source(FAMILY_GOLD, FAMILY_PRED)
    assert list(by_source) == ["a", "b"]
    for family, scores in by_source.items():
        alone = {aid: g for aid, g in FAMILY_GOLD.items() if aid.startswith(family + "-")}
        assert scores.summary() == score_documents(alone, FAMILY_PRED).summary()
    # The families differ (b has a wrong speaker), so the split is not the total twice.
    assert by_source["a"].summary()["end_to_end"]["f1"] == 1.0
    assert by_source["b"].summary()["end_to_end"]["f1"] == 0.5
    total = score_documents(FAMILY_GOLD, FAMILY_PRED).summary()
    for key in ("articles", "gold_quotes", "pred_quotes"):
        assert sum(s.summary()[key] for s in by_source.values()) == total[key]


@pytest.mark.parametrize(
    ("name", "families"),
    [
        ("pfsa-dev.jsonl", {"pfsa-dev": 333}),
        ("hand-dev.jsonl", {"hand-a": 10, "hand-b": 10}),
        ("long-dev.jsonl", {"a": 10, "b": 10}),
    ],
)
def test_the_dev_files_families(name: str, families: dict[str, int]) -> None:
    path = SHARED / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the dev gold files live in ../shared/eval")
    split = split_by_source(load_jsonl(path))
    assert {family: len(docs) for family, docs in split.items()} == families
