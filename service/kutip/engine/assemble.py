"""Turn decisions into the result: Quote objects in text order and the speaking entities."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kutip.engine.model import Cue, Entity, Quote, QuoteType, ResolvedBy, Span, Speaker
from kutip.engine.people.entities import EntityTable
from kutip.engine.quotes.marks import QuoteSpan
from kutip.engine.text import TextIndex

if TYPE_CHECKING:
    from kutip.engine.people.reference import PersonMention
    from kutip.engine.sieves.attribution import Decision


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _speaker(text: str, decision: Decision, table: EntityTable) -> Speaker | None:
    ref = decision.ref
    if ref is None:
        return None
    record = table.get(ref.key)
    resolved: ResolvedBy = ref.resolved_by  # type: ignore[assignment]
    return Speaker(
        name=record.name if record else ref.parts.name,
        mention=Span(ref.start, ref.end, text[ref.start : ref.end]),
        resolved_by=resolved,
        role=record.role if record else ref.parts.role,
        affiliation=record.affiliation if record else ref.parts.affiliation,
        entity=record.id if record else None,
    )


def assemble(
    index: TextIndex,
    decided: list[tuple[QuoteSpan, Decision]],
    table: EntityTable,
    mentions: list[PersonMention],
) -> tuple[tuple[Quote, ...], tuple[Entity, ...]]:
    text = index.text
    table.settle()
    quotes: list[Quote] = []
    spoken: dict[str, list[str]] = {}
    for n, (span, decision) in enumerate(sorted(decided, key=lambda d: d[0].start), 1):
        start, end = _trimmed(text, span.start, span.end)
        speaker = _speaker(text, decision, table)
        cue = decision.cue
        quote_type: QuoteType = decision.quote_type  # type: ignore[assignment]
        quote = Quote(
            id=f"q{n}",
            start=start,
            end=end,
            text=text[start:end],
            type=quote_type,
            speaker=speaker,
            cue=Cue(text[cue[0] : cue[1]], cue[0], cue[1]) if cue else None,
            rule=decision.rule.id,
            confidence=decision.rule.confidence,
            paragraph=index.paragraph_at(start),
            sentence=index.sentence_at(start),
        )
        quotes.append(quote)
        if speaker and speaker.entity:
            spoken.setdefault(speaker.entity, []).append(quote.id)
    entities = []
    for key, ids in spoken.items():
        record = table.entities[key]
        spans = sorted(
            {(m.start, m.end) for m in mentions if table.merged.get(m.key, m.key) == key}
        )
        entities.append(
            Entity(
                id=record.id,
                name=record.name,
                role=record.role,
                affiliation=record.affiliation,
                mentions=tuple(Span(s, e, text[s:e]) for s, e in spans),
                quotes=tuple(ids),
            )
        )
    return tuple(quotes), tuple(entities)
