"""People of one article: person mentions, entities, and what pronouns and clitics point to.

A pronoun or clitic (`ia`, `dia`, `ujarnya`) refers to the most recent person who is the
subject of a clause (`Sandi menambahkan`, `Kepala Dinas X, Y, mengatakan`) or who was named at a
reporting word; Indonesian news rarely refers back to an object this way. Short names and
offices (`Roland`, `Presiden`) join the entity of the fullest name the article gives.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex

from kutip.engine import budget as bounded
from kutip.engine.entities import EntityTable
from kutip.engine.marks import QuoteSpan
from kutip.engine.names import MentionParser, MentionParts, Vocabulary
from kutip.engine.patterns import placeholders
from kutip.engine.rulebook import Rulebook
from kutip.engine.text import TextIndex

# A verb or adverb right after a name puts the name in subject position (me-/ber-/di-/ter-
# verbs, and the adverbs and auxiliaries that precede them).
# `X dalam waktu yang berbeda mengatakan`, `X saat dihubungi menyatakan`: a short circumstance
# may stand between a subject and its verb.
_CIRCUMSTANCE = (
    r"(?:\s+(?:dalam|di|saat|ketika|seusai|usai|kepada|melalui|lewat|secara|dari|pada)"
    r"(?!\w)[^,.;:\n“”\"]{1,60}?)?"
)
_SUBJECT_NEXT = regex.compile(
    r"\s*(?:,[^,.;:]{1,90},\s*)?(?:(?:juga|pun|sudah|telah|belum|tidak|tak|masih|sempat|pernah|"
    r"akan|bakal|hanya|lalu|kemudian|kembali|bahkan|justru|lantas|memang|sendiri|mengaku)\s+)*"
    r"(?:me|ber|di|ter)\p{Ll}{2,}"
)


_WORD_AT = regex.compile(r"\S+")
_VERB_REACH = 200  # apposition (90) + circumstance (60) + adverbs, with room to spare
_DEMONSTRATIVES = frozenset({"itu", "tersebut", "ini"})
_INDEFINITE = frozenset({"seorang", "salah", "sejumlah", "beberapa", "para", "sebagian"})
_QUANTIFIERS = ("seorang", "salah", "sejumlah", "beberapa", "para", "sang")
# After a preposition (`di Ambon`, `untuk Gili`) a name is a place or an object.
_PREPOSITIONS = frozenset(
    "di ke dari untuk pada dengan kepada terhadap bagi atas antara menuju sampai hingga dalam "
    "tentang soal mengenai seperti melawan bersama asal wilayah kawasan kota kabupaten provinsi "
    "desa kecamatan".split()
)


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """A decided speaker: the mention that names them and how it was reached."""

    start: int
    end: int
    parts: MentionParts
    resolved_by: str
    key: str


@dataclass(frozen=True, slots=True)
class _Patterns:
    starters: frozenset[str]
    person: regex.Pattern[str]
    cue_follows: regex.Pattern[str]
    cue_before: frozenset[str]  # reporting words a name follows (`kata`, `menurut pengakuan`)
    active: frozenset[str]  # verbs of saying whose subject a name can be (`mengatakan`)


@dataclass(frozen=True, slots=True)
class _Run:
    """A capitalised run of words and where it stands: subject of a verb, next to a cue."""

    start: int
    end: int
    subject: bool
    cue_adjacent: bool
    words: list[str]

    @property
    def short(self) -> bool:
        return len(self.words) <= 2 and self.words[0][:1].isupper()

    @property
    def first(self) -> str:
        return self.words[0]


@dataclass(slots=True)
class PersonMention:
    start: int
    end: int
    parts: MentionParts
    subject: bool
    cue_adjacent: bool
    key: str = ""


class People:
    """Per-document view of who is mentioned where; built by the factory from a rulebook."""

    def __init__(
        self,
        text: str,
        index: TextIndex,
        spans: list[QuoteSpan],
        parser: MentionParser,
        patterns: _Patterns,
    ) -> None:
        self.text = text
        self.index = index
        self.parser = parser
        self.quoted = sorted((s.start, s.end) for s in spans)
        self._quote_starts = [s for s, _ in self.quoted]
        common = frozenset(w for _, w in index.words if w.islower())
        runs = self._runs(patterns, common)
        self.cue_known = frozenset(r.first for r in runs if r.cue_adjacent and r.short)
        subject_names = frozenset(r.first for r in runs if r.subject and r.short)
        self.vocab = Vocabulary(self.cue_known | subject_names, common)
        self.table = EntityTable(parser.aliases, parser.role_abbreviations)
        self._parsed: dict[str, MentionParts] = {}
        self.mentions = self._scan(runs)

    @staticmethod
    def factory(rulebook: Rulebook) -> Callable[[str, TextIndex, list[QuoteSpan]], People]:
        """Compile the scanning patterns once; return a per-document constructor."""
        table = placeholders(rulebook.lexicon)
        parser = MentionParser(rulebook.lexicon)
        lex = rulebook.lexicon
        lower = (*lex.offices, *lex.pronouns["description_heads"], *_QUANTIFIERS)
        patterns = _Patterns(
            starters=frozenset(w.split()[0].lower() for w in lower if w[:1].islower()),
            person=regex.compile(
                table["person"], regex.VERSION1, ignore_unused=True, **table.lists
            ),
            # The subject of a reporting verb: `X mengatakan`, `X, juru bicara Y, menyatakan`.
            cue_follows=regex.compile(
                rf"(?:\s*,[^,.;:\n“”\"]{{1,90}})?{_CIRCUMSTANCE}\s*,?\s*(?:{table['adverb']}\s+)*"
                rf"(?:{table['active']})(?!\w)",
                regex.VERSION1,
                ignore_unused=True,
                **table.lists,
            ),
            # Named right after a reporting word: `kata X`, `Menurut X`, `dikatakan oleh X`.
            cue_before=frozenset(
                " ".join(form.lower().split())
                for entry in (*lex.cues, *lex.prepositions)
                for kind in ("bare", "passive")
                for form in getattr(entry, kind)
            )
            | frozenset(c.lower() for c in lex.closers),
            active=frozenset(f.split()[0].lower() for f in lex.forms("active")),
        )

        def make(text: str, index: TextIndex, spans: list[QuoteSpan]) -> People:
            return People(text, index, spans, parser, patterns)

        return make

    # -- scanning ---------------------------------------------------------------------------

    def _parse(self, raw: str) -> MentionParts:
        """Parse a mention once per document: the same names recur many times."""
        parts = self._parsed.get(raw)
        if parts is None:
            parts = self._parsed[raw] = self.parser.parse(raw, self.vocab)
        return parts

    def _inside_quote(self, start: int) -> bool:
        i = bisect.bisect_right(self._quote_starts, start) - 1
        return i >= 0 and start < self.quoted[i][1]

    def _matches(self, patterns: _Patterns, common: frozenset[str]) -> Iterator[regex.Match[str]]:
        """Mentions at the word starts that can open one (a capital, a role word): the mention
        pattern is only tried there, anchored, instead of at every character."""
        last = 0
        text = self.text
        for (pos, w), low in zip(self.index.words, self.index.lowered, strict=True):
            if pos < last:
                continue
            if not (w[0].isupper() or low in patterns.starters):
                continue
            if self._lone_opener(w, pos + len(w), common) and not self._after_cue(
                pos, patterns.cue_before
            ):
                continue
            m = bounded.match(patterns.person, text, pos, len(text))
            if m is not None and m.end() > pos:
                last = m.end()
                yield m

    def _lone_opener(self, word: str, end: int, common: frozenset[str]) -> bool:
        """`Namun, ...`, `Selain itu ...`: a capitalised common word that no capital follows
        would be trimmed off any mention it opened, so there is nothing to match."""
        if word not in self.parser.not_names and word.lower() not in common:
            return False
        nxt = end + 1 if end < len(self.text) and self.text[end] == " " else end
        if nxt < len(self.text) and self.text[nxt].isupper():
            return False
        return not self.parser.starts_description([word])

    def _words_before(self, start: int) -> list[str]:
        """The (up to three) words right before ``start``, when white space separates them."""
        before = self.text[max(0, start - 40) : start]
        if not before or not before[-1].isspace():
            return []
        return before.split()[-3:]

    def _after_cue(self, start: int, cues: frozenset[str]) -> bool:
        """Whether a reporting word stands right before ``start`` (`kata X`, `diungkapkan
        oleh X`, `menurut pengakuan X`)."""
        words = [w.lower() for w in self._words_before(start)]
        if words and words[-1] == "oleh":
            words.pop()
        return bool(words) and (words[-1] in cues or " ".join(words[-2:]) in cues)

    def _verb_near(self, end: int, active_at: list[int]) -> bool:
        """Whether a verb of saying starts within reach after ``end`` (an apposition and a
        circumstance may stand between): the subject pattern is only tried then."""
        i = bisect.bisect_left(active_at, end)
        return i < len(active_at) and active_at[i] - end <= _VERB_REACH

    def _runs(self, patterns: _Patterns, common: frozenset[str]) -> list[_Run]:
        """Capitalised runs outside quotes, trimmed of sentence openers, with their context."""
        runs = []
        active_at = self.index.positions_of(patterns.active)
        for m in self._matches(patterns, common):
            start, end = m.start(), m.end()
            if self._inside_quote(start):
                continue
            # `Menurut Haris`, `Namun Sutiaji`: a capitalised function word opening the
            # sentence belongs to the sentence, not to the name. Right after a reporting word
            # (`kata Hari`) even a common word is the name.
            named_at_cue = self._after_cue(start, patterns.cue_before)
            words = [] if named_at_cue else list(_WORD_AT.finditer(self.text, start, end))
            for n, word in enumerate(words):
                w = word.group()
                opener = w in self.parser.not_names or (w.lower() in common and w[:1].isupper())
                rest = [x.group() for x in words[n:]]
                if not opener or self.parser.starts_description(rest):
                    break
                start = words[n + 1].start() if n + 1 < len(words) else end
            if start >= end:
                continue
            # After a preposition (`di Ambon`, `untuk Gili`) a name is a place or an object,
            # never the subject of what follows it.
            previous = self._words_before(start)
            governed = bool(previous) and previous[-1].lower() in _PREPOSITIONS
            runs.append(
                _Run(
                    start,
                    end,
                    subject=not governed and _SUBJECT_NEXT.match(self.text, end) is not None,
                    cue_adjacent=bool(
                        (
                            not governed
                            and self._verb_near(end, active_at)
                            and patterns.cue_follows.match(self.text, end)
                        )
                        or self._after_cue(start, patterns.cue_before)
                    ),
                    words=self.text[start:end].split(),
                )
            )
        return runs

    def _scan(self, runs: list[_Run]) -> list[PersonMention]:
        found: list[PersonMention] = []
        for run in runs:
            raw = self.text[run.start : run.end]
            parts = self._parse(raw)
            if parts.kind not in ("name", "role"):
                continue
            strong = parts.kind == "name" and bool(parts.role or parts.title)
            if parts.kind == "role" and not (run.cue_adjacent or run.subject):
                continue
            if parts.kind == "name" and not (strong or run.cue_adjacent):
                # A capitalised run before a verb is as often a place, a firm or an event
                # (`Lion Air mewajibkan`, `Eropa menggenjot`) as a person: only a name the
                # article already gave a person (with an office, a title or a cue) counts.
                assert parts.name is not None
                cue_name = parts.name.split()[0] in self.cue_known
                if not cue_name and not (run.subject and self.table.knows(parts.name)):
                    continue
            mention = PersonMention(run.start, run.end, parts, run.subject, run.cue_adjacent)
            mention.key = self.table.observe(parts, raw, run.start, run.end)
            found.append(mention)
        return found

    # -- references -------------------------------------------------------------------------

    def mention(self, start: int, end: int, at: int, resolved_by: str) -> SpeakerRef | None:
        """The speaker named at [start, end): a name, office, description or pronoun."""
        raw = self.text[start:end]
        parts = self._parse(raw)
        if parts.kind == "pronoun":
            ref = self.antecedent(start, "pronoun")
            return ref
        if parts.kind == "description" and self._anaphoric(raw):
            found = self.antecedent(start, "description", max_paragraphs=5)
            return found or self._literal(start, end, parts)
        key = self.table.resolve(parts, raw, start)
        how = resolved_by if parts.kind == "name" else "description"
        record = self.table.get(key)
        if parts.kind == "role" and record is not None and record.named:
            how = "alias"
        return SpeakerRef(start, end, parts, how, key)

    def _anaphoric(self, raw: str) -> bool:
        """`politikus PDIP itu`, `kata pria yang akrab disapa Djanur`: a description with a
        demonstrative, or a bare one without an indefinite quantifier, points back to someone
        already in the article; `seorang warga` brings in someone new."""
        words = raw.lower().split()
        return words[-1] in _DEMONSTRATIVES or words[0] not in _INDEFINITE

    def _literal(self, start: int, end: int, parts: MentionParts) -> SpeakerRef:
        key = self.table.resolve(parts, self.text[start:end], start)
        return SpeakerRef(start, end, parts, "description", key)

    def antecedent(self, at: int, how: str, max_paragraphs: int = 3) -> SpeakerRef | None:
        """The most recent subject or reporting-word person before ``at``."""
        first_para = self.index.paragraph_at(at) - max_paragraphs
        lo = self.index.paragraphs[max(0, first_para)].start if self.index.paragraphs else 0
        earlier = [m for m in self.mentions if m.end <= at and m.start >= lo]
        fallback: PersonMention | None = None
        for n in range(len(earlier) - 1, -1, -1):
            mention = earlier[n]
            if mention.subject or mention.cue_adjacent:
                chosen = self._reporter(earlier, n) or self._named_apposition(earlier, n)
                return SpeakerRef(chosen.start, chosen.end, chosen.parts, how, chosen.key)
            fallback = fallback or mention
        if fallback is None:
            return None
        return SpeakerRef(fallback.start, fallback.end, fallback.parts, how, fallback.key)

    def _reporter(self, mentions: list[PersonMention], n: int) -> PersonMention | None:
        """`X menyatakan, aplikasi Y diharapkan ...`: a subject inside the clause that X
        reports is not who the next quote is by; X, named at the reporting verb earlier in the
        same sentence, is."""
        mention = mentions[n]
        if mention.cue_adjacent:
            return None
        sentence_start, _ = self.index.sentence_bounds(mention.start)
        for k in range(n - 1, -1, -1):
            earlier = mentions[k]
            if earlier.start < sentence_start:
                break
            if earlier.cue_adjacent and earlier.parts.kind == "name":
                return earlier
        return None

    def _named_apposition(self, mentions: list[PersonMention], n: int) -> PersonMention:
        """`Muhammad Muslim, yang juga Juru Bicara X, mengatakan`: an office standing in
        apposition to a name in the same sentence refers to that name."""
        mention = mentions[n]
        if mention.parts.kind != "role" or n == 0:
            return mention
        sentence_start, _ = self.index.sentence_bounds(mention.start)
        for k in range(n - 1, -1, -1):
            if mentions[k].start < sentence_start:
                break
            if mentions[k].parts.kind == "name":
                return mentions[k]
        return mention
