"""Assertions every quote test shares: offsets are sacred."""

from __future__ import annotations

from kutip.engine import Quote, Result


def check_offsets(text: str, result: Result) -> None:
    for quote in result.quotes:
        assert text[quote.start : quote.end] == quote.text
        if quote.cue:
            assert text[quote.cue.start : quote.cue.end] == quote.cue.word
        if quote.speaker and quote.speaker.mention:
            m = quote.speaker.mention
            assert text[m.start : m.end] == m.text


def speakers(result: Result) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker.name if q.speaker else None) for q in result.quotes]


def only(result: Result) -> Quote:
    assert len(result.quotes) == 1, [q.text for q in result.quotes]
    return result.quotes[0]
