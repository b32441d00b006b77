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
_OPENERS = frozenset("“”\"‘’'«(„")  # Kompas opens a quote with ” as well
_WORD = re.compile(r"\w[\w’'\-]*")
_IN_WORD = re.compile(r"[\w’'\-]")
_WORD_REST = re.compile(r"[\w’'\-]*")
_MARKS = "’'-"
_GLUED_MARKS = frozenset("”\"’'»“\u200b")
_ABBREVIATION = regex.compile(
    r"(?:\b\p{Lu}|\b(?:Prof|Dr|dr|Drs|Dra|Ir|drg|Jl|Jln|No|Kec|Kab|Kel|Ds|Sdr|St|Mr|Mrs|Ms|H|Hj|KH"
    r"|S\.H|M\.H|M\.Si|S\.E|S\.T|M\.M|M\.A|dll|dsb|dkk|tsb|yth|Bpk|Jend|Kol|Purn|Sp|Tbk|Co|Inc|Ltd))\.$"
)


class PhraseSet:
    """Lower-case phrases of one or two words (`kata`, `menurut pengakuan`), by first word: a
    document is searched only for the phrases whose first word it holds."""

    def __init__(self, phrases: frozenset[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for phrase in phrases:
            by_first.setdefault(phrase.split()[0], []).append(phrase)
        self.by_first = {first: tuple(group) for first, group in by_first.items()}


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
        self._sentences: list[tuple[int, int]] | None = None
        self._sentence_starts: list[int] | None = None
        self._vocabulary: frozenset[str] | None = None
        self._folded: tuple[str, frozenset[str]] | None = None

    def vocabulary(self) -> frozenset[str]:
        """Every distinct word of the document as written (one C-level pass, on first use)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(_WORD.findall(self.text))
        return self._vocabulary

    def _lowered(self) -> tuple[str, frozenset[str]]:
        """The text lower-cased (same length, so offsets carry over) and its distinct words
        lower-cased without a trailing apostrophe or hyphen (`Katanya’` -> `katanya`)."""
        if self._folded is None:
            low = self.text.lower()
            if len(low) != len(self.text):
                # `İ` lower-cases to two code points: fold character by character instead.
                low = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)
            # From the vocabulary, which the people stage reads too: one pass over the text.
            words = frozenset(w.lower().rstrip(_MARKS) for w in self.vocabulary())
            self._folded = (low, words)
        return self._folded

    def words_between(self, start: int, end: int) -> list[str]:
        """The lower-cased words (without a trailing apostrophe or hyphen, `katanya’`) that
        start within [start, end)."""
        text, n = self.text, len(self.text)
        if 0 < start < n and _IN_WORD.match(text, start - 1) and _IN_WORD.match(text, start):
            start = word_end(text, start)  # skip the word begun before ``start``
        if 0 < end < n and _IN_WORD.match(text, end - 1) and _IN_WORD.match(text, end):
            end = word_end(text, end)  # the last word is read whole
        # The words of the lowered copy, in one C-level pass; only where a mark stands may
        # a word end in one.
        low = self._lowered()[0]
        found = _WORD.findall(low, start, end)
        if any(low.find(mark, start, end) >= 0 for mark in _MARKS):
            return [w.rstrip(_MARKS) if w[-1] in _MARKS else w for w in found]
        return found

    def positions_of(self, words: frozenset[str]) -> list[int]:
        """Offsets of the words (lower-case) of ``words`` written in any case, in text order.

        Only the words the document holds are looked for, each by a plain substring search: a
        pattern of hundreds of alternatives tried at every character costs far more."""
        low, present = self._lowered()
        text = self.text
        found = []
        n = len(text)
        for word in words & present:
            size = len(word)
            at = low.find(word)
            while at >= 0:
                # The usual case first, without a call: no character of a word (`[\w’'-]`,
                # where `\w` is alphanumeric or `_`) after it, and none, nor a mark, before it.
                after = at + size
                nxt = text[after] if after < n else " "
                if not (nxt.isalnum() or nxt in "_’'-"):
                    whole = True
                else:
                    whole = word_end(text, at) == _marks_end(text, after)
                if whole:
                    before = text[at - 1] if at else " "
                    if before in _MARKS:
                        whole = _word_starts(text, at)
                    else:
                        whole = not (before.isalnum() or before == "_")
                if whole:
                    found.append(at)
                at = low.find(word, at + 1)
        found.sort()
        return found

    def phrases_at(self, phrases: PhraseSet) -> list[tuple[int, int]]:
        """(start, end) of each phrase of ``phrases`` written in any case between white space
        (or the text's ends), as white-space-separated words: `kata`, `menurut pengakuan`."""
        low, present = self._lowered()
        found = []
        for first in phrases.by_first.keys() & present:
            for phrase in phrases.by_first[first]:
                found.extend(_between_spaces(low, phrase))
        found.sort()
        return found

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
        """Every sentence as (start, end), leading white space skipped, in text order.

        Computed once (the indirect sieve and each quote's ``sentence`` read it): callers
        must not change the list.
        """
        if self._sentences is None:
            self._sentences = self._sentence_spans()
        return self._sentences

    def _sentence_spans(self) -> list[tuple[int, int]]:
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

    def sentence_at(self, offset: int) -> int:
        """Index in :meth:`sentences` of the sentence holding ``offset`` (or the one before it)."""
        if self._sentence_starts is None:
            self._sentence_starts = [start for start, _ in self.sentences()]
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

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


def word_end(text: str, at: int) -> int:
    """Where the word (`\\w[\\w’'-]*`) running through ``at`` ends."""
    m = _WORD_REST.match(text, at)
    return m.end() if m else at


def _marks_end(text: str, at: int) -> int:
    """``at`` moved past apostrophes and hyphens (`katanya’`)."""
    while at < len(text) and text[at] in _MARKS:
        at += 1
    return at


def _word_starts(text: str, at: int) -> bool:
    """Whether a word starts at ``at``: no word character stands before it, nor apostrophes or
    hyphens that a word character precedes (those belong to the word before)."""
    k = at
    while k > 0 and text[k - 1] in _MARKS:
        k -= 1
    return k == 0 or not (text[k - 1].isalnum() or text[k - 1] == "_")


def _between_spaces(low: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` stands in ``low`` with white space (or an end of the text) both sides;
    a quotation mark before it counts as the space."""
    found = []
    at = low.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        # A closing mark glued to the cue (`,”ujar X`) stands where the space would.
        before = low[at - 1] if at else " "
        if (before.isspace() or before in _GLUED_MARKS) and (end == len(low) or low[end].isspace()):
            found.append((at, end))
        at = low.find(phrase, at + 1)
    return found
