"""Reported speech without quotation marks: `X mengatakan, ...`, `Menurut X, ...`, `..., kata X.`

Each indirect rule's pattern is tried on a sentence that carries no direct or mixed quote; its
named groups give the speaker, the cue and the content (the reported clause only, without the
attribution phrase, ANNOTATION.md). Verbs outside the IN list (requests, mental states) are not
in the `*_indirect` placeholders, so they never introduce indirect speech.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from kutip.engine import budget as bounded
from kutip.engine.people.reference import People, SpeakerRef
from kutip.engine.rules.lexicon import Lexicon
from kutip.engine.rules.patterns import trie
from kutip.engine.rules.rulebook import Rule
from kutip.engine.text import TextIndex

# Reported clauses shorter than this are objects, not statements (`menyebut namanya`).
_MIN_WORDS = 3
# A clause that opens with a purpose or request word reports a request, not a statement.
_REQUEST = regex.compile(r"(?i)^(?:untuk|agar|supaya|demi)\b")
_TRAIL = " \t\n.!?…,;:"
_THAT = regex.compile(r"(?<![\p{L}\p{N}])bahwa(?![\p{L}\p{N}])[\s,]*")
_SPEAKER_REACH = 300
_STOPS = (".", "!", "?", "…")
_AFTER_STOP = " \t\n”\"’')]"


def cue_words(lex: Lexicon) -> frozenset[str]:
    """The words a cue can begin with: every form's first word and the closers."""
    every_form = lex.cue_forms("bare", "clitic", "active", "passive")
    return frozenset(f.split()[0] for f in every_form) | frozenset(c.lower() for c in lex.closers)


@dataclass(frozen=True, slots=True)
class IndirectQuote:
    start: int
    end: int
    rule: Rule
    ref: SpeakerRef | None
    cue: tuple[int, int] | None


def _previous(
    text: str,
    sentences: list[tuple[int, int]],
    number: int,
    said: list[tuple[int, int]],
    said_by: dict[tuple[int, int], SpeakerRef],
    ref: SpeakerRef,
) -> tuple[int, int] | None:
    """`... . Hal itu disampaikan X.`: the statement is the sentence before. When the passive
    opens its paragraph it points back over the break (`Hal itu dibenarkan Kepala Dinas X.`
    after the news it confirms). A sentence that carries someone else's quote is stepped over,
    within that one paragraph; one that carries X's own quote is what `Hal itu` restates, and
    no other statement is X's."""
    k = number - 1
    while k >= 0:
        start, end = sentences[k]
        overlapping = _overlapping(said, start, end)
        if not overlapping:
            if text[start:end].rstrip(_AFTER_STOP)[-1:] not in _STOPS:
                return None  # a headline or caption states nothing
            return _content(text, start, end)
        if any(_same_speaker(said_by.get(span), ref) for span in overlapping):
            return None
        if k == 0 or "\n" in text[sentences[k - 1][1] : start]:
            return None
        k -= 1
    return None


def _content(
    text: str, start: int, end: int, not_statement: regex.Pattern[str] | None = None
) -> tuple[int, int] | None:
    while start < end and text[start] in _TRAIL:
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    clause = text[start:end]
    if len(clause.split()) < _MIN_WORDS or _REQUEST.match(clause):
        return None
    if not_statement is not None and not_statement.match(clause):
        # `menepis tudingan bahwa dirinya ...`: the noun names what the clause after `bahwa`
        # says; without `bahwa` the verb names an act and reports nothing.
        that = _THAT.search(text, start, min(end, start + 60))
        return None if that is None else _content(text, that.end(), end)
    return start, end


def not_statement_pattern(act_nouns: tuple[str, ...]) -> regex.Pattern[str]:
    """What a verb of saying may take that is not a reported clause: a relative clause
    (`berkata yang tidak pantas`) or a noun naming an act (`menyampaikan apresiasi kepada ...`,
    `menyampaikan terima kasih`)."""
    nouns = trie({"yang", *(" ".join(n.lower().split()) for n in act_nouns)})
    return regex.compile(rf"(?i:{nouns})(?:nya)?(?![\p{{L}}\p{{N}}])")


def find_indirect(
    rules: tuple[Rule, ...],
    cues: frozenset[str],
    index: TextIndex,
    people: People,
    taken: list[tuple[int, int]],
    not_statement: regex.Pattern[str] | None = None,
) -> list[IndirectQuote]:
    """Indirect quotes in sentences that overlap none of the ``taken`` (quoted) spans.

    Only sentences holding a reporting word (one pass over the words against ``cues``) are
    tried: most sentences hold none, and the rule patterns are the costly part.
    """
    text = index.text
    found: list[IndirectQuote] = []
    cue_at = index.positions_of(cues)
    taken = sorted(taken)
    # Quoted and reported spans, kept sorted as statements are found: what a passive report
    # (`Hal itu disampaikan X`) may step over, and whose statement each is.
    said = list(taken)
    said_by: dict[tuple[int, int], SpeakerRef] = {}
    sentences = index.sentences()
    for number, (start, end) in enumerate(sentences):
        if text[start:end].rstrip(_AFTER_STOP)[-1:] not in _STOPS:
            continue  # a headline, caption or subhead: no sentence, no reported speech
        i = bisect.bisect_left(cue_at, start)
        if i == len(cue_at) or cue_at[i] >= end or _overlaps(taken, start, end):
            continue
        # A speaker stands within a few hundred characters before the first reporting word.
        lo = max(start, cue_at[i] - _SPEAKER_REACH)
        words = set(index.words_between(start, end))
        done: set[str] = set()  # one statement of each kind per sentence
        for rule in rules:
            if rule.pattern is None or (rule.triggers and rule.triggers.isdisjoint(words)):
                continue
            if rule.content in done:
                continue
            m = bounded.search(rule.pattern, text, start if rule.anchored else lo, end)
            ref = None
            while m is not None and (ref := _speaker(rule, m, people)) is None:
                # `Saat menyampaikan arahannya, Presiden mengatakan, ...`: a match whose
                # speaker names nobody may hide the real one later in the sentence.
                m = (
                    None
                    if rule.anchored
                    else bounded.search(rule.pattern, text, m.start() + 1, end)
                )
            if m is None or ref is None:
                continue
            if rule.content == "previous":
                span = _previous(text, sentences, number, said, said_by, ref)
            else:
                # Only an object right after the verb can name an act (`menyampaikan
                # apresiasi`); after a comma, `bahwa` or a speaker (`Menurut Budi, dukungan
                # warga ...`) the same noun opens a statement.
                bare_object = (
                    m.start("cue") >= 0 and not text[m.end("cue") : m.start("content")].strip()
                )
                span = _content(
                    text,
                    m.start("content"),
                    m.end("content"),
                    not_statement if bare_object else None,
                )
            if span is None:
                continue
            cue = m.span("cue") if m.start("cue") >= 0 else None
            found.append(IndirectQuote(span[0], span[1], rule, ref, cue))
            bisect.insort(said, span)
            said_by[span] = ref
            done.add(rule.content)
    return found


def _same_speaker(a: SpeakerRef | None, b: SpeakerRef) -> bool:
    """Whether two speaker references name one person before the article's cast is settled:
    one entity, one office (`Kapolres Budi` and `Kapolres`), or a shared name word."""
    if a is None:
        return False
    if a.key == b.key:
        return True
    pa, pb = a.parts, b.parts
    if pa.role and pb.role and pa.role.lower() == pb.role.lower():
        return True
    if pa.name and pb.name:
        return not set(pa.name.lower().split()).isdisjoint(pb.name.lower().split())
    return False


def _overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Those of the sorted ``spans`` that overlap [start, end)."""
    i = bisect.bisect_left(spans, (end, end))
    return [(s, e) for s, e in spans[max(0, i - 8) : i] if s < end and start < e]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any of the sorted ``spans`` overlaps [start, end)."""
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 8) : i])


def _speaker(rule: Rule, m: regex.Match[str], people: People) -> SpeakerRef | None:
    if rule.speaker == "clitic":
        return people.antecedent(m.start(), "clitic")
    if m.start("speaker") < 0:
        return None
    start, end = m.span("speaker")
    return people.mention(start, end, m.start(), rule.resolved_by, bodies=False)
