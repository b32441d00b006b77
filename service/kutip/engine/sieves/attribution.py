"""Sieves for quotes in marks: each rule decides only what earlier rules left open.

Runs the rules of rules/sieves in order (most precise first); the first decision wins and
records its rule id and cue. The pattern kinds look right after a quote (`“...,” kata Sandi`),
or right before it (`Sandi mengatakan, “...”`); the code kinds reuse decisions already made
(split quotes, paragraph continuation, dialogue turns) or read the sentence around a quote
(mixed quotes inside reported speech).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from kutip.engine import budget as bounded
from kutip.engine.people.reference import ANTECEDENT_PARAGRAPHS, People, SpeakerRef
from kutip.engine.quotes.marks import QuoteSpan
from kutip.engine.rules.rulebook import Rule, Rulebook
from kutip.engine.text import TextIndex

# Between a split quote's attribution and its second half only commas, dashes and short
# circumstances may stand (`“A,” kata X di Jakarta, “B.”`), never the end of a sentence.
_SPLIT_GAP = regex.compile(r"[^.!?\n]{0,80}")
# After a quote, what may end its sentence without making it part of a longer clause.
_SENTENCE_TAIL = regex.compile(r"[\s,.;:!?…)\]—–-]*$")
_FULL_STOP = regex.compile(r"[.!?…](?:\s|$)")


@dataclass(slots=True)
class Decision:
    rule: Rule
    ref: SpeakerRef | None
    cue: tuple[int, int] | None
    match_end: int
    quote_type: str = "direct"


@dataclass(slots=True)
class Candidate:
    span: QuoteSpan
    decision: Decision | None = None


class Attributor:
    """Compiled once per rulebook; ``decide`` is pure and safe to share between threads."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        turn = {f.lower() for e in rulebook.lexicon.cues if e.turn for f in (*e.bare, *e.clitic)}
        self.turn_words = frozenset(turn)
        self.quote_rules = tuple(r for r in rulebook.rules if r.kind != "indirect")

    def decide(
        self, index: TextIndex, spans: list[QuoteSpan], people: People
    ) -> list[tuple[QuoteSpan, Decision]]:
        """Every quote rule in order over the spans still open; the decided spans, in order."""
        cands = [Candidate(s) for s in spans]
        for rule in self.quote_rules:
            for i, cand in enumerate(cands):
                if cand.decision is None:
                    cand.decision = self._decide(rule, i, cands, index, people)
        return [(c.span, c.decision) for c in cands if c.decision]

    # -- dispatch ---------------------------------------------------------------------------

    def _decide(
        self, rule: Rule, i: int, cands: list[Candidate], index: TextIndex, people: People
    ) -> Decision | None:
        span = cands[i].span
        if rule.kind == "after-quote":
            return self._after(rule, i, cands, index, people)
        if rule.kind == "before-quote":
            return self._before(rule, i, cands, index, people)
        if rule.kind == "split-quote":
            return self._split(rule, i, cands, index.text)
        if rule.kind == "continuation":
            return self._continuation(rule, span, index, people)
        if rule.kind == "turn":
            return self._turn(rule, i, cands, index)
        if rule.kind == "mixed":
            return self._mixed(rule, span, index, people)
        if rule.kind == "unattributed":
            return self._unattributed(rule, span, index)
        return None

    def _ref(self, rule: Rule, m: regex.Match[str], at: int, people: People) -> SpeakerRef | None:
        """The speaker a matched rule points at: a mention, or the referent of a clitic/pronoun."""
        if rule.speaker == "clitic":
            return people.antecedent(at, "clitic")
        if "speaker" not in m.groupdict() or m.start("speaker") < 0:
            return None
        return people.mention(m.start("speaker"), m.end("speaker"), at, rule.resolved_by)

    # -- pattern kinds ----------------------------------------------------------------------

    def _after(
        self, rule: Rule, i: int, cands: list[Candidate], index: TextIndex, people: People
    ) -> Decision | None:
        span = cands[i].span
        if not span.closed or rule.pattern is None:
            return None
        para = index.paragraphs[span.last_paragraph]
        end = min(para.end, span.close_end + rule.window)
        if i + 1 < len(cands) and cands[i + 1].span.open_at < end:
            end = max(span.close_end, cands[i + 1].span.open_at)
        m = bounded.match(rule.pattern, index.text, span.close_end, end)
        if m is None:
            return None
        ref = self._ref(rule, m, span.open_at, people)
        if ref is None and rule.speaker == "clitic":
            ref = _last_speaker(cands, i, index)
        return Decision(rule, ref, _cue(m), m.end()) if ref else None

    def _before(
        self, rule: Rule, i: int, cands: list[Candidate], index: TextIndex, people: People
    ) -> Decision | None:
        span = cands[i].span
        if rule.pattern is None:
            return None
        text = index.text
        para = index.paragraphs[span.first_paragraph]
        lo = para.start
        if i > 0 and cands[i - 1].span.close_end > lo:
            lo = cands[i - 1].span.close_end
        hi = span.open_at
        if not text[lo:hi].strip() and span.first_paragraph > 0 and lo == para.start:
            # `X mengatakan:` closing the previous paragraph introduces this one's quote.
            prev = index.paragraphs[span.first_paragraph - 1]
            if text[prev.start : prev.end].rstrip().endswith(":"):
                lo, hi = prev.start, prev.end
        lo = max(lo, hi - rule.window)
        if not _may_match(rule, index, lo, hi):
            return None
        m = bounded.search(rule.pattern, text, lo, hi)
        if m is None:
            return None
        ref = self._ref(rule, m, m.start(), people)
        if ref is None:
            return None
        return Decision(rule, ref, _cue(m), m.end(), self._type_after(span, index))

    def _type_after(self, span: QuoteSpan, index: TextIndex) -> str:
        """Direct when the quote ends its sentence, mixed when the clause goes on after it."""
        para = index.paragraphs[span.last_paragraph]
        tail = index.text[span.close_end : para.end]
        stop = _FULL_STOP.search(tail)
        rest = tail[: stop.start()] if stop else tail
        return "direct" if _SENTENCE_TAIL.match(rest) else "mixed"

    # -- code kinds -------------------------------------------------------------------------

    def _split(self, rule: Rule, i: int, cands: list[Candidate], text: str) -> Decision | None:
        if i == 0:
            return None
        prev = cands[i - 1]
        if prev.decision is None or prev.decision.cue is None:
            return None
        span = cands[i].span
        if prev.span.last_paragraph != span.first_paragraph:
            return None
        if prev.decision.cue[0] < prev.span.close_end or prev.decision.match_end > span.open_at:
            return None
        if _SPLIT_GAP.fullmatch(text, prev.decision.match_end, span.open_at) is None:
            return None
        return Decision(rule, prev.decision.ref, prev.decision.cue, span.open_at)

    def _continuation(
        self, rule: Rule, span: QuoteSpan, index: TextIndex, people: People
    ) -> Decision | None:
        para = index.paragraphs[span.first_paragraph]
        if index.text[para.start : span.open_at].strip():
            return None
        ref = people.antecedent(span.open_at, "continuation", max_paragraphs=rule.window)
        return Decision(rule, ref, None, span.open_at) if ref else None

    def _turn(
        self, rule: Rule, i: int, cands: list[Candidate], index: TextIndex
    ) -> Decision | None:
        """A dialogue: after `“Q?” tanya A. / “R,” jawab B.` an unattributed turn is A's."""
        if i < 2:
            return None
        a, b = cands[i - 2].decision, cands[i - 1].decision
        if a is None or b is None or a.cue is None or b.cue is None:
            return None
        words = {index.text[a.cue[0] : a.cue[1]].lower(), index.text[b.cue[0] : b.cue[1]].lower()}
        if not words & self.turn_words or a.ref is None or b.ref is None:
            return None
        if a.ref.key == b.ref.key:
            return None
        return Decision(rule, a.ref, None, cands[i].span.open_at)

    def _mixed(
        self, rule: Rule, span: QuoteSpan, index: TextIndex, people: People
    ) -> Decision | None:
        """A few quoted words inside reported speech: `X meminta ... mencegah “...” dengan Y`."""
        if rule.pattern is None or span.first_paragraph != span.last_paragraph:
            return None
        if len(index.text[span.start : span.end].split()) < rule.min_words:
            return None
        start, _ = index.sentence_bounds(span.open_at)
        lo = max(start, span.open_at - rule.window)
        if not _may_match(rule, index, lo, span.open_at):
            return None
        m = bounded.search(rule.pattern, index.text, lo, span.open_at)
        if m is None:
            return None
        ref = self._ref(rule, m, m.start(), people)
        return Decision(rule, ref, _cue(m), m.end(), "mixed") if ref else None

    def _unattributed(self, rule: Rule, span: QuoteSpan, index: TextIndex) -> Decision | None:
        content = index.text[span.start : span.end].strip()
        words = len(content.split())
        sentence = words >= 3 and content[-1:] in ".!?…,"
        if words >= rule.window or sentence:
            return Decision(rule, None, None, span.close_end)
        return None


def _may_match(rule: Rule, index: TextIndex, lo: int, hi: int) -> bool:
    """False when none of the rule's trigger words occurs in text[lo:hi]: its pattern cannot
    match there, and a look at the document's word list is far cheaper than the search."""
    if rule.triggers is None:
        return True
    return not rule.triggers.isdisjoint(index.words_between(lo, hi))


def _last_speaker(cands: list[Candidate], i: int, index: TextIndex) -> SpeakerRef | None:
    """`“...,” katanya.` with no person named in the paragraphs before: the clitic goes on with
    whoever the quote right before it (in those paragraphs) was attributed to: the article is
    still quoting them."""
    if i == 0:
        return None
    earlier = cands[i - 1]
    # Only the quote right before counts, and only once decided: one still open (a later
    # sieve's) may be someone else's, and skipping it could hand the clitic an older speaker.
    first = index.paragraph_at(cands[i].span.open_at) - ANTECEDENT_PARAGRAPHS
    if earlier.span.first_paragraph < first or earlier.decision is None:
        return None
    ref = earlier.decision.ref
    return None if ref is None else SpeakerRef(ref.start, ref.end, ref.parts, "clitic", ref.key)


def _cue(m: regex.Match[str]) -> tuple[int, int] | None:
    if "cue" in m.groupdict() and m.start("cue") >= 0:
        return m.start("cue"), m.end("cue")
    return None
