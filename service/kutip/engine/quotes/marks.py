"""Find quoted spans: pair quotation marks per paragraph, carry quotes over paragraphs.

Indonesian outlets mix mark styles: “ ” (most), Kompas' ” ... ” (one mark opens and closes),
straight " and ', „ “, « », doubled '' and ’’. Real copy types them carelessly, so whether a
mark opens or closes is read from more than the space next to it:

- its neighbours: after white space and before a letter a mark opens; after a letter and before
  white space or punctuation it closes;
- the punctuation before it: a mark right after `,` `.` `!` `?` ends a sentence of speech and
  closes, even when the next word is glued to it (`... kami siapkan,”ujar Darmawan.`), and so
  does a mark after such punctuation and a space when a quote is open and a lower-case word
  follows (`... belum ada kepastian, "ungkapnya.`);
- the balance of the paragraph: a mark with white space on both sides (`" Insya Allah ... , "`)
  opens when no quote is open and closes when one is;
- the reporting word after it: a quote whose closing mark was never typed ends before
  `, katanya.` / `, kata Budi.` at the end of its sentence, so it never runs over its own cue
  and speaker.

A quote never runs past its paragraph unless the next paragraph opens with a mark of the same
family (the newsroom convention for a quote that runs over several paragraphs), so one stray
mark cannot swallow the article.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from kutip.engine.rules.lexicon import MarkFamily
from kutip.engine.rules.patterns import trie
from kutip.engine.text import TextIndex

_OPEN_BEFORE = set("([{—–-/")  # characters after which a symmetric mark opens
_CLOSE_AFTER = set(",.;:!?)]}…—–-/")  # characters before which a symmetric mark closes
_SPEECH_END = set(",.!?…")  # punctuation that ends a stretch of speech inside the marks
_SPEECH_PUNCTUATION = regex.compile(r"[,.!?…;:]")
_NAME_AFTER = regex.compile(r"[^\S\n]+\p{Lu}\p{Ll}")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quoted stretch: marks at ``open_at`` and ``close_at``, content in between."""

    open_at: int
    start: int
    end: int
    close_end: int
    family: str
    first_paragraph: int
    last_paragraph: int
    closed: bool


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    family: str
    can_open: bool
    can_close: bool


class MarkFinder:
    """Compiled once from the marks lexicon and the reporting words; ``find`` runs per document."""

    def __init__(self, families: tuple[MarkFamily, ...], cue_words: Iterable[str] = ()) -> None:
        self._kind: dict[str, tuple[str, str]] = {}
        for fam in families:
            for kind in ("open", "close", "both"):
                for mark in getattr(fam, kind):
                    self._kind[mark] = (fam.name, kind)
        marks = sorted(self._kind, key=len, reverse=True)
        self._pattern = regex.compile("|".join(regex.escape(m) for m in marks))
        self._preferred = families[0].name if families else ""
        alternation = trie({" ".join(w.lower().split()) for w in cue_words if w.strip()})
        # `, katanya.` / `. kata Kepala Dinas X, Budi.` at the end of a sentence: the reporting
        # word and its speaker, with at most a short circumstance, then the sentence ends.
        self._cue_tail = regex.compile(
            rf"(?<=[,.!?…])[^\S\n]+(?=(?i:{alternation})(?![\p{{L}}\p{{N}}])[^.!?\n“”\"]{{0,120}}"
            rf"(?:[.!?…]|$))"
        )

    def _classify(self, text: str, lo: int, hi: int, start: int, end: int) -> _Mark | None:
        family, kind = self._kind[text[start:end]]
        # Invisible format characters (zero-width space, direction marks) do not change what a
        # mark touches: look past them.
        before, after = start, end
        while before > lo and unicodedata.category(text[before - 1]) == "Cf":
            before -= 1
        while after < hi and unicodedata.category(text[after]) == "Cf":
            after += 1
        prev = text[before - 1] if before > lo else None
        nxt = text[after] if after < hi else None
        # An apostrophe inside a word (Ma’ruf, Jum'at) is not a quotation mark.
        inside_word = prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum()
        if inside_word:
            if family == self._preferred and kind != "open":
                # `jembatan udara”sesuai`: a double mark never joins a word, so between two
                # letters it can only close a quote glued to what follows.
                return _Mark(start, end, family, False, True)
            if family != self._preferred or kind == "both":
                return None
        open_pos = (prev is None or prev.isspace() or prev in _OPEN_BEFORE) and (
            nxt is not None and not nxt.isspace()
        )
        # After the punctuation that ends speech a mark closes, whatever is glued to it.
        glued_close = prev is not None and prev in _SPEECH_END and nxt is not None
        close_pos = glued_close or (
            (prev is not None and not prev.isspace())
            and (nxt is None or nxt.isspace() or nxt in _CLOSE_AFTER or nxt in self._kind)
        )
        if glued_close:
            # `virtual.“Alhamdulillah` typed with the wrong mark: after a full stop and before a
            # capital the mark may also open the next sentence's quote; the balance decides.
            open_pos = prev is not None and prev in ".!?…" and nxt is not None and nxt.isupper()
        elif not close_pos and nxt is not None and nxt.islower():
            # `kepastian, "ungkapnya`: the space typed on the wrong side of a closing mark.
            close_pos = _after_speech_end(text, lo, before)
        if kind == "open":
            return _Mark(start, end, family, True, close_pos and not open_pos)
        if kind == "close":
            return _Mark(start, end, family, False, True)
        if not open_pos and not close_pos:
            # White space on both sides: the paragraph's balance decides.
            loose = (prev is None or prev.isspace()) and (nxt is None or nxt.isspace())
            return _Mark(start, end, family, True, True) if loose else None
        return _Mark(start, end, family, open_pos, close_pos)

    def _marks(self, text: str, lo: int, hi: int) -> list[_Mark]:
        out = []
        for m in self._pattern.finditer(text, lo, hi):
            mark = self._classify(text, lo, hi, m.start(), m.end())
            if mark is not None:
                out.append(mark)
        return out

    def find(self, index: TextIndex) -> tuple[list[QuoteSpan], list[int]]:
        """The quoted spans, and the offsets of opening marks never closed (so they can be
        reported instead of silently dropped)."""
        text = index.text
        quotes: list[QuoteSpan] = []
        unmatched: list[int] = []
        paras = index.paragraphs
        carry: tuple[_Mark, int] | None = None  # open mark carried from an earlier paragraph
        for pi, para in enumerate(paras):
            marks = self._marks(text, para.start, para.end)
            opened: tuple[_Mark, int] | None = None
            if carry is not None:
                first = marks[0] if marks else None
                lead = text[para.start : first.start].strip() if first else None
                if first and lead == "" and first.family == carry[0].family and first.can_open:
                    opened, marks = carry, marks[1:]
                carry = None
            for mark in marks:
                if opened is None:
                    if mark.can_open:
                        opened = (mark, pi)
                    continue
                open_mark = opened[0]
                if mark.family == open_mark.family:
                    if mark.can_close:
                        quotes.append(self._span(open_mark, mark.start, mark.end, opened[1], pi))
                        opened = None
                    elif mark.can_open:
                        # An open quote meets the next opening mark: it ends at a cue typed
                        # without its closing mark, or it is reported as never closed.
                        if not self._close_at_cue(
                            text, opened, (pi, para.start), mark.start, quotes
                        ):
                            unmatched.append(opened[0].start)
                        opened = (mark, pi)
                elif mark.family == self._preferred and mark.can_open:
                    # a double mark inside a 'single' quote
                    # An open quote meets the next opening mark: it ends at a cue typed
                    # without its closing mark, or it is reported as never closed.
                    if not self._close_at_cue(text, opened, (pi, para.start), mark.start, quotes):
                        unmatched.append(opened[0].start)
                    opened = (mark, pi)
            if opened is None:
                continue
            # A reporting word closing the paragraph ends the quote even where the next
            # paragraph opens with a mark: that one starts a new quote.
            if self._close_at_cue(text, opened, (pi, para.start), para.end, quotes):
                continue
            if self._continues(text, index, pi, opened[0]):
                carry = opened
            elif opened[1] == pi and not text[para.start : opened[0].start].strip():
                # A paragraph that opens a quote and never closes it: the quote is the paragraph.
                quotes.append(self._span(opened[0], para.end, para.end, opened[1], pi, False))
            else:
                unmatched.append(opened[0].start)
        return [q for q in quotes if text[q.start : q.end].strip()], unmatched

    def _close_at_cue(
        self,
        text: str,
        opened: tuple[_Mark, int],
        here: tuple[int, int],
        until: int,
        quotes: list[QuoteSpan],
    ) -> bool:
        """`“Kita tetap buka, katanya.`: the closing mark was never typed; the quote ends with
        the punctuation before the reporting word that closes its sentence. Only the paragraph
        being read (``here``: its number and start) is searched: a quote carried over from
        earlier paragraphs ends in the last one. Any reporting word counts, `jelas` and `harap`
        too: they stand alone at a sentence's end only as cues (`..., jelasnya.`)."""
        mark, first = opened
        pi, para_start = here
        lo = mark.end if first == pi else para_start
        found = self._cue_tail.search(text, lo, until)
        if found is None:
            return False
        quotes.append(self._span(mark, found.start(), found.start(), first, pi))
        return True

    def _continues(self, text: str, index: TextIndex, pi: int, mark: _Mark) -> bool:
        if pi + 1 >= len(index.paragraphs):
            return False
        nxt = index.paragraphs[pi + 1]
        head = text[nxt.start : nxt.start + 2]
        for m in self._pattern.finditer(head):
            if m.start() == 0:
                found = self._classify(text, nxt.start, nxt.end, nxt.start, nxt.start + m.end())
                return found is not None and found.family == mark.family and found.can_open
        return False

    def _span(
        self, open_mark: _Mark, end: int, close_end: int, p0: int, p1: int, closed: bool = True
    ) -> QuoteSpan:
        return QuoteSpan(
            open_mark.start, open_mark.end, end, close_end, open_mark.family, p0, p1, closed
        )


def _after_speech_end(text: str, lo: int, at: int) -> bool:
    """True when white space, and before it the punctuation that ends speech, stands right
    before ``at`` (`kepastian, "`)."""
    i = at
    while i > lo and (text[i - 1].isspace() or unicodedata.category(text[i - 1]) == "Cf"):
        i -= 1
    return lo < i < at and text[i - 1] in _SPEECH_END


def names_something(text: str, span: QuoteSpan) -> bool:
    """Marks around a name, nickname or title are not speech (ANNOTATION.md): a few words
    without sentence punctuation that are all capitalised (`program “Makan Bergizi Gratis”`) or
    that stand right before a name (`”dokter” Yusuf`)."""
    content = text[span.start : span.end].strip()
    words = content.split()
    if not words or len(words) > 6 or _SPEECH_PUNCTUATION.search(content):
        return False
    if all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return True
    return len(words) <= 3 and _NAME_AFTER.match(text, span.close_end) is not None
