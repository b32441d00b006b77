"""Offsets for clients that count UTF-16 code units (browsers, draft.js, Superdesk's editor).

kutip counts code points. The two differ by one for every character beyond U+FFFF (emoji,
some CJK) that stands before the offset: such a character is two UTF-16 units, one code point.
"""

from __future__ import annotations

import bisect

import regex

__all__ = ["ParagraphStarts", "Utf16Offsets", "paragraph_starts"]

# The engine's paragraphs (kutip.engine.text): runs of text between line breaks.
_PARAGRAPH = regex.compile(r"[^\n\r\u2028\u2029]+")


class Utf16Offsets:
    """``offsets(i)``: the UTF-16 offset of code point offset ``i`` in ``text``."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, char in enumerate(text) if ord(char) > 0xFFFF]

    def __call__(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)


class ParagraphStarts(list[int]):
    """Where each paragraph of a text starts (code points), in order."""

    def index_of(self, offset: int) -> int:
        """The paragraph holding ``offset`` (or the one before it, between paragraphs)."""
        return max(0, bisect.bisect_right(self, offset) - 1)


def paragraph_starts(text: str) -> ParagraphStarts:
    starts = ParagraphStarts(m.start() for m in _PARAGRAPH.finditer(text))
    return starts if starts else ParagraphStarts([0])
