"""Property tests: whatever the text, the engine answers, and the answer is well formed.

Texts come from tests/hardening/strategies.py (the rules' marks and cue words, names, titles,
newlines, zero-width and right-to-left characters, NUL, lone surrogates, arbitrary Unicode).
Example counts are bounded so that this file runs in well under a minute.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kutip.engine import Engine, Quote, Result
from tests.conftest import ROOT, SEED_TEXT, SHARED

from .invariants import canonical, check_result
from .strategies import INVISIBLE, articles, sentences

# The dev set's articles are fed in by the cross-process test when present (never copied).
PFSA_DEV = SHARED / "eval" / "pfsa-dev.jsonl"
NEUTRAL = "Foto: ANTARA."

bounded = settings(
    deadline=None,
    max_examples=int(os.environ.get("KUTIP_PROPERTY_EXAMPLES", "250")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _shifted(result: Result, by: int) -> list[tuple[Any, ...]]:
    """What a quote is, with every offset moved by ``by``."""
    rows = []
    for q in result.quotes:
        speaker = q.speaker
        mention = speaker.mention if speaker else None
        rows.append(
            (
                q.start + by,
                q.end + by,
                q.text,
                q.type,
                q.rule,
                (q.cue.start + by, q.cue.word) if q.cue else None,
                speaker.name if speaker else None,
                (mention.start + by, mention.text) if mention else None,
            )
        )
    return rows


@bounded
@given(text=st.one_of(articles(), sentences()))
def test_any_text_gives_a_well_formed_answer(engine: Engine, text: str) -> None:
    result = engine.extract(text)
    check_result(text, result, frozenset(engine.rule_ids))
    assert canonical(engine.extract(text)) == canonical(result), "two runs differ"


@bounded
@given(text=sentences())
def test_a_neutral_paragraph_before_only_shifts_the_offsets(engine: Engine, text: str) -> None:
    prefix = NEUTRAL + "\n\n"
    assert _shifted(engine.extract(prefix + text), 0) == _shifted(engine.extract(text), len(prefix))


@bounded
@given(text=sentences())
def test_a_neutral_paragraph_after_changes_nothing(engine: Engine, text: str) -> None:
    assert _shifted(engine.extract(text + "\n\n" + NEUTRAL), 0) == _shifted(engine.extract(text), 0)


BASE = "“Kami siap menghadapi pemilu,” kata Budi Santoso."
BEFORE_CUE = len("“Kami siap menghadapi pemilu,” ")
# Invisible format characters (zero-width spaces and joiners, word joiner, BOM, soft hyphen,
# bidi marks, embeddings and isolates): scraped pages carry them between any two words.
FORMAT = tuple(c for c in INVISIBLE if unicodedata.category(c) == "Cf")


def _one_quote(engine: Engine, text: str, char: str) -> Quote:
    result = engine.extract(text)
    check_result(text, result, frozenset(engine.rule_ids))
    [quote] = result.quotes
    assert quote.text.replace(char, "") == "Kami siap menghadapi pemilu,"
    return quote


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
@pytest.mark.parametrize("where", [0, 5, BEFORE_CUE, len(BASE) - 1])
def test_an_invisible_character_keeps_the_quote(engine: Engine, char: str, where: int) -> None:
    """A zero-width, bidi or control character anywhere keeps the quote; the offsets count it
    (one code point) and still index the text."""
    _one_quote(engine, BASE[:where] + char + BASE[where:], char)


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
@pytest.mark.parametrize("where", [0, 5, len(BASE) - 1])
def test_an_invisible_character_away_from_the_cue_keeps_the_speaker(
    engine: Engine, char: str, where: int
) -> None:
    quote = _one_quote(engine, BASE[:where] + char + BASE[where:], char)
    assert quote.speaker is not None and quote.speaker.name is not None
    assert quote.speaker.name.replace(char, "") == "Budi Santoso"  # a combining mark joins it


@pytest.mark.parametrize("char", FORMAT, ids=[f"U+{ord(c):04X}" for c in FORMAT])
def test_an_invisible_format_character_before_the_cue_keeps_the_speaker(
    engine: Engine, char: str
) -> None:
    """An invisible format character between the closing mark and the cue once hid the
    closing mark (it did not count as the space after it); marks now look past them."""
    text = BASE[:BEFORE_CUE] + char + BASE[BEFORE_CUE:]
    quote = _one_quote(engine, text, char)
    assert quote.speaker is not None and quote.speaker.name == "Budi Santoso"


_DUMP = """
import json, sys
from kutip.engine import Engine
engine = Engine.from_directory(sys.argv[1], budget_seconds=None)
for line in sys.stdin:
    result = engine.extract(json.loads(line))
    print(json.dumps(result.to_dict(), sort_keys=True))
"""


def _texts() -> list[str]:
    texts = [SEED_TEXT.read_text(encoding="utf-8")]
    engine_rules = Engine.from_directory(ROOT / "rules").rulebook.rules
    texts += [e.text for rule in engine_rules for e in (*rule.match, *rule.no_match)]
    if PFSA_DEV.exists():
        with PFSA_DEV.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line, _ in zip(lines, range(60), strict=False)]
    return texts


def test_same_answers_in_processes_with_other_hash_seeds() -> None:
    """Set and dict order must not leak into the answer: string hashing differs per process."""
    stdin = "".join(json.dumps(t) + "\n" for t in _texts())
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _DUMP, str(ROOT / "rules")],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=Path(ROOT),
            timeout=300,
        )
        outputs.append(done.stdout)
    assert outputs[0].count("\n") == stdin.count("\n")
    assert outputs[0] == outputs[1] == outputs[2]
