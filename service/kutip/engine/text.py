"""Paragraphs and sentences as views (offsets) over the untouched input text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import regex

# A paragraph is a run of text between line breaks: outlets separate paragraphs by a blank line,
# captions and bylines often by a single one, and a quote never legitimately spans a bare newline
# except as a multi-paragraph quote (handled by the quote finder).
_PARAGRAPH = regex.compile(r"[^\n\r\u2028\u2029]+")

# A sentence ends at . ! ? … (optionally followed by closing marks) when white space and an
# upper-case letter, a digit or an opening mark follow. Candidates are found with a plain scan and
# checked in Python: a look-behind pattern tried at every character costs far more.
_END_CANDIDATE = re.compile(r"[.!?…]+[”\"’'»)]*")
_CLOSERS = "”\"’'»)"
_OPENERS = frozenset("“\"‘'«(„")
_WORD = re.compile(r"\w[\w’'\-]*")
_ABBREVIATION = regex.compile(
    r"(?:\b\p{Lu}|\b(?:Prof|Dr|dr|Drs|Dra|Ir|drg|Jl|Jln|No|Kec|Kab|Kel|Ds|Sdr|St|Mr|Mrs|Ms|H|Hj|KH"
    r"|S\.H|M\.H|M\.Si|S\.E|S\.T|M\.M|M\.A|dll|dsb|dkk|tsb|yth|Bpk|Jend|Kol|Purn|Sp|Tbk|Co|Inc|Ltd))\.$"
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


class TextIndex:
    """Paragraph and sentence boundaries of one document, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = tuple(Paragraph(m.start(), m.end()) for m in _PARAGRAPH.finditer(text))
        self._para_starts = [p.start for p in self.paragraphs]
        self._sentence_ends: list[int] = []
        for para in self.paragraphs:
            self._sentence_ends.extend(self._split(para))
        self._sentence_ends.sort()
        # Every word once, with its offset and lower-case form: the cue, mention and vocabulary
        # scans all read this list instead of each scanning the text again.
        self.words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
        self._word_starts = [pos for pos, _ in self.words]
        # Lower-cased, without a trailing apostrophe or hyphen (`katanya’`), for word lookups.
        self.lowered = [w.lower().rstrip("’'-") for _, w in self.words]

    def words_between(self, start: int, end: int) -> list[str]:
        """The lower-cased words that start within [start, end)."""
        lo = bisect.bisect_left(self._word_starts, start)
        hi = bisect.bisect_left(self._word_starts, end)
        return self.lowered[lo:hi]

    def positions_of(self, vocabulary: frozenset[str]) -> list[int]:
        """Offsets of the words (lower-cased) that are in ``vocabulary``, in text order."""
        pairs = zip(self.words, self.lowered, strict=True)
        return [pos for (pos, _), low in pairs if low in vocabulary]

    def _split(self, para: Paragraph) -> list[int]:
        text, limit = self.text, para.end
        ends = []
        for m in _END_CANDIDATE.finditer(text, para.start, limit):
            end = m.end()
            if end < limit:
                nxt = end
                while nxt < limit and text[nxt].isspace():
                    nxt += 1
                if nxt in (end, limit):
                    continue  # no space after it, or only trailing space: the paragraph ends it
                c = text[nxt]
                if not (c.isupper() or c.isdigit() or c in _OPENERS):
                    continue
                punct = end - len(m.group()) + len(m.group().rstrip(_CLOSERS))
                head = text[max(para.start, punct - 12) : punct]
                if text[punct - 1] == "." and _ABBREVIATION.search(head):
                    continue  # `Prof.`, `H.`, `S.H.`: an abbreviation, not a full stop
            ends.append(end)
        if not ends or ends[-1] != para.end:
            ends.append(para.end)
        return ends

    def sentences(self) -> list[tuple[int, int]]:
        """Every sentence as (start, end), leading white space skipped, in text order."""
        out = []
        pi = 0
        prev = 0
        for end in self._sentence_ends:
            while pi < len(self.paragraphs) and self.paragraphs[pi].end < end:
                pi += 1
            start = max(prev, self.paragraphs[pi].start if pi < len(self.paragraphs) else prev)
            while start < end and self.text[start].isspace():
                start += 1
            if start < end:
                out.append((start, end))
            prev = end
        return out

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph holding ``offset`` (or the one before it, between paragraphs)."""
        return max(0, bisect.bisect_right(self._para_starts, offset) - 1)

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end of the sentence holding ``offset``, never crossing its paragraph."""
        para = self.paragraphs[self.paragraph_at(offset)] if self.paragraphs else Paragraph(0, 0)
        i = bisect.bisect_right(self._sentence_ends, offset)
        end = self._sentence_ends[i] if i < len(self._sentence_ends) else len(self.text)
        start = self._sentence_ends[i - 1] if i > 0 else 0
        start = max(start, para.start)
        while start < end and self.text[start].isspace():
            start += 1
        return start, min(end, para.end) if end > para.start else end
