"""The engine's result types: frozen dataclasses, offsets are code points into the input text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

QuoteType = Literal["direct", "indirect", "mixed"]
ResolvedBy = Literal[
    "explicit", "alias", "pronoun", "clitic", "continuation", "description", "none"
]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the input text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Cue:
    """The reporting word as written (``kata``, ``ujarnya``, ``menurut``)."""

    word: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.word, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said a quote: the canonical name plus the mention that led to it."""

    name: str | None
    mention: Span | None
    resolved_by: ResolvedBy
    role: str | None = None
    affiliation: str | None = None
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": self.mention.to_dict() if self.mention else None,
            "role": self.role,
            "affiliation": self.affiliation,
            "resolved_by": self.resolved_by,
            "entity": self.entity,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: its content span, type, speaker, cue and the rule that decided it."""

    id: str
    start: int
    end: int
    text: str
    type: QuoteType
    speaker: Speaker | None
    cue: Cue | None
    rule: str
    confidence: float
    # Where the quote starts, 0-based: the paragraph (a run of text between line breaks) and the
    # sentence (of the whole text), as the engine splits them (kutip.engine.text.TextIndex).
    paragraph: int = 0
    sentence: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "rule": self.rule,
            "confidence": self.confidence,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
        }


@dataclass(frozen=True, slots=True)
class Entity:
    """One person (or organisation) of the article, with every mention and quote of theirs."""

    id: str
    name: str
    role: str | None
    affiliation: str | None
    mentions: tuple[Span, ...]
    quotes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "affiliation": self.affiliation,
            "mentions": [m.to_dict() for m in self.mentions],
            "quotes": list(self.quotes),
        }


@dataclass(frozen=True, slots=True)
class Result:
    """Everything the engine found in one article."""

    quotes: tuple[Quote, ...]
    speakers: tuple[Entity, ...]
    rules_version: str
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "quotes": [q.to_dict() for q in self.quotes],
            "speakers": [s.to_dict() for s in self.speakers],
            "rules_version": self.rules_version,
            "warnings": list(self.warnings),
        }
