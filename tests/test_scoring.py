"""kutip's scorer: the speaker figures, lenient (score.py's) and strict (same name words)."""

from __future__ import annotations

import pytest

from kutip.evaluation.scoring import speaker_exact, speaker_right

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
