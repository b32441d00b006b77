"""What every engine result must satisfy, whatever the text: the checks the property tests and
the fuzz target (fuzz/fuzz_engine.py) share.

``check_result`` raises AssertionError naming the first broken invariant; it never looks at
whether an attribution is right, only at whether the answer is well formed.
"""

from __future__ import annotations

import json
from typing import Any

from kutip.engine import Result

QUOTE_TYPES = frozenset({"direct", "indirect", "mixed"})
RESOLVED_BY = frozenset(
    {"explicit", "alias", "pronoun", "clitic", "continuation", "description", "none"}
)


def _span(text: str, start: int, end: int, value: str, what: str) -> None:
    assert 0 <= start <= end <= len(text), f"{what} [{start}:{end}] outside 0..{len(text)}"
    assert text[start:end] == value, f"{what}: text[{start}:{end}] != {value!r}"


def check_result(text: str, result: Result, rule_ids: frozenset[str]) -> None:
    """Every offset indexes ``text``, quotes are in order without crossing, ids are consistent."""
    ids = [q.id for q in result.quotes]
    assert len(set(ids)) == len(ids), f"quote ids repeat: {ids}"
    entity_ids = {e.id: e for e in result.speakers}
    assert len(entity_ids) == len(result.speakers), "entity ids repeat"
    previous: tuple[int, int] | None = None
    for quote in result.quotes:
        _span(text, quote.start, quote.end, quote.text, f"quote {quote.id}")
        assert quote.start < quote.end, f"quote {quote.id} is empty at {quote.start}"
        assert quote.text.strip(), f"quote {quote.id} is only white space"
        assert quote.type in QUOTE_TYPES, quote.type
        assert quote.rule in rule_ids, f"quote {quote.id}: unknown rule {quote.rule!r}"
        assert 0.0 <= quote.confidence <= 1.0, quote.confidence
        if quote.cue is not None:
            cue = quote.cue
            _span(text, cue.start, cue.end, cue.word, f"cue of {quote.id}")
            assert cue.start < cue.end, f"cue of {quote.id} is empty"
        speaker = quote.speaker
        if speaker is not None:
            assert speaker.resolved_by in RESOLVED_BY, speaker.resolved_by
            if speaker.mention is not None:
                m = speaker.mention
                _span(text, m.start, m.end, m.text, f"speaker mention of {quote.id}")
            if speaker.entity is not None:
                entity = entity_ids.get(speaker.entity)
                assert entity is not None, f"{quote.id} names missing entity {speaker.entity}"
                assert quote.id in entity.quotes, f"{speaker.entity} does not list {quote.id}"
        if previous is not None:
            assert previous[0] <= quote.start, f"quote {quote.id} out of text order"
            crossing = previous[0] < quote.start < previous[1] < quote.end
            assert not crossing, f"quote {quote.id} {quote.start, quote.end} crosses {previous}"
        if previous is None or quote.end > previous[1]:
            previous = (quote.start, quote.end)
    quote_ids = set(ids)
    for entity in result.speakers:
        assert entity.name, f"entity {entity.id} has no name"
        assert set(entity.quotes) <= quote_ids, f"entity {entity.id} lists unknown quotes"
        for n, m in enumerate(entity.mentions):
            _span(text, m.start, m.end, m.text, f"mention {n} of {entity.id}")
    # The answer goes out as JSON: it must survive a round trip unchanged (lone surrogates, which
    # the API refuses, are the exception: JSON joins an escaped pair into one character).
    as_dict = result.to_dict()
    encoded = json.dumps(as_dict)
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        assert json.loads(encoded) == as_dict, "the result changes through JSON"


def canonical(result: Result) -> str:
    """The result as one string, to compare runs (sorted keys, no whitespace)."""
    data: Any = result.to_dict()
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
