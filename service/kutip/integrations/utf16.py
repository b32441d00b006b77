"""Paragraphs for clients that count by block (draft.js, Superdesk's editor).

The UTF-16 conversion itself is kutip.formats.offsets' (the server's ``offset_unit=utf16``).
"""

from __future__ import annotations

import bisect

import regex

__all__ = ["ParagraphStarts", "paragraph_starts"]

# The engine's paragraphs (kutip.engine.text): runs of text between line breaks.
_PARAGRAPH = regex.compile(r"[^\n\r\u2028\u2029]+")


class ParagraphStarts(list[int]):
    """Where each paragraph of a text starts (code points), in order."""

    def index_of(self, offset: int) -> int:
        """The paragraph holding ``offset`` (or the one before it, between paragraphs)."""
        return max(0, bisect.bisect_right(self, offset) - 1)


def paragraph_starts(text: str) -> ParagraphStarts:
    starts = ParagraphStarts(m.start() for m in _PARAGRAPH.finditer(text))
    return starts if starts else ParagraphStarts([0])
