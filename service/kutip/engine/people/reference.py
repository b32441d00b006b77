"""People of one article: person mentions, entities, and what pronouns and clitics point to.

A pronoun or clitic (`ia`, `dia`, `ujarnya`) refers to the most recent person who is the
subject of a clause (`Sandi menambahkan`, `Kepala Dinas X, Y, mengatakan`) or who was named at a
reporting word, but not the subject of a clause someone reports (`ia mengatakan, Presiden X
memerintahkan ...`); Indonesian news rarely refers back to an object this way. Short names and
offices (`Roland`, `Presiden`) join the entity of the fullest name the article gives.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

import regex

from kutip.engine.people.companions import Companions
from kutip.engine.people.entities import EntityTable
from kutip.engine.people.mentions import MentionParts, Vocabulary
from kutip.engine.people.names import MentionParser
from kutip.engine.people.scan import Run, RunScanner, ScanPatterns
from kutip.engine.quotes.marks import QuoteSpan
from kutip.engine.rules.rulebook import Rulebook
from kutip.engine.text import TextIndex, word_end

_CALLED_AS = regex.compile(
    r"(?P<name>\p{Lu}[\p{L}’'\-]+(?:[^\S\n]+\p{Lu}[\p{L}’'\-]+){0,5})[^\S\n]*,?[^\S\n]*"
    r"(?:yang[^\S\n]+)?(?:akrab[^\S\n]+|karib[^\S\n]+|biasa[^\S\n]+|kerap[^\S\n]+|sering[^\S\n]+)?"
    r"(?:disapa|dipanggil)[^\S\n]+(?P<alias>\p{Lu}[\p{L}’'\-]+)"
)
# How many paragraphs back a pronoun or clitic looks for the person it points to.
ANTECEDENT_PARAGRAPHS = 3
_DEMONSTRATIVES = frozenset({"itu", "tersebut", "ini"})
# What opens a reported clause after a verb of saying: `mengatakan, X ...`, `menyatakan bahwa X`.
# A verb of saying after these opens an adverbial clause (`Usai menjelaskan, Budi mengatakan`),
# not a report: nobody says what follows its comma.
_SUBORDINATORS = frozenset(
    "usai seusai setelah sesudah sebelum sambil seraya sembari selain saat ketika sejak "
    "untuk tanpa dengan dalam guna demi".split()
)
_REPORTED_CLAUSE_OPEN = regex.compile(
    r"[^\S\n]*(?:,[^\S\n]*(?:bahwa[^\S\n]+)?|[^\S\n]+bahwa[^\S\n]+)"
)
_INDEFINITE = frozenset({"seorang", "salah", "sejumlah", "beberapa", "para", "sebagian"})


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """A decided speaker: the mention that names them and how it was reached."""

    start: int
    end: int
    parts: MentionParts
    resolved_by: str
    key: str


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
        patterns: ScanPatterns,
    ) -> None:
        self.text = text
        self.index = index
        self.parser = parser
        # Where the verbs of saying stand: the run scanner and `_reported` both read them.
        self._active_at = index.positions_of(patterns.active)
        quoted = sorted((s.start, s.end) for s in spans)
        common = frozenset(filter(str.islower, index.vocabulary()))
        runs = RunScanner(text, index, quoted, parser, patterns).runs(common, self._active_at)
        self.cue_known = frozenset(r.first for r in runs if r.cue_adjacent and r.short)
        subject_names = frozenset(r.first for r in runs if r.subject and r.short)
        self.vocab = Vocabulary(self.cue_known | subject_names, common, self.cue_known)
        self._parsed: dict[str, MentionParts] = {}
        aliases = {**parser.aliases, **self._called_as(text)}
        self.table = EntityTable(aliases, parser.role_abbreviations)
        self._companions: Companions[PersonMention] = Companions(text)
        self.mentions = self._scan(runs)
        self._mention_ends = [m.end for m in self.mentions]

    @staticmethod
    def factory(rulebook: Rulebook) -> Callable[[str, TextIndex, list[QuoteSpan]], People]:
        """Compile the scanning patterns once; return a per-document constructor."""
        parser = MentionParser(rulebook.lexicon)
        patterns = ScanPatterns.build(rulebook)

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

    def _called_as(self, text: str) -> dict[str, str]:
        """`Djajang Nurjaman, yang akrab disapa Djanur`: the article's own nicknames, so a later
        `kata Djanur` joins the full name."""
        if "disapa" not in text and "dipanggil" not in text:
            return {}
        found = {}
        for m in _CALLED_AS.finditer(text):
            parts = self._parse(m.group("name"))
            if parts.kind == "name" and parts.name:
                found[m.group("alias").lower()] = parts.name
        return found

    def _scan(self, runs: list[Run]) -> list[PersonMention]:
        """The runs that name a person, each registered with its entity."""
        found: list[PersonMention] = []
        for run in runs:
            if not (run.subject or run.cue_adjacent or self._may_be_strong(run)):
                continue  # a bare name neither at a verb nor at a cue: see below
            raw = self.text[run.start : run.end]
            parts = self._parse(raw)
            if parts.kind not in ("name", "role"):
                continue
            strong = parts.kind == "name" and bool(parts.role or parts.title)
            leads = self._companions.leads(run.end)
            if parts.kind == "role" and not (run.cue_adjacent or run.subject or leads):
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
            leader = self._companions.observe(mention, mention.start, mention.end)
            if leader is not None:
                # Neither the subject nor the speaker at the verb: the leader is both.
                mention.subject = mention.cue_adjacent = False
                leader.subject = True
            if found and parts.kind == "name" and found[-1].parts.kind == "role":
                between = self.text[found[-1].end : run.start]
                if between.strip() == ",":
                    self.table.appose(found[-1].key, mention.key)
            found.append(mention)
        return found

    def _may_be_strong(self, run: Run) -> bool:
        """Whether the run may name a person with an office or title, or by a name the article
        gives at a reporting word: the runs ``_scan`` keeps without a verb or cue by them."""
        words = run.words
        return self.parser.may_have_office_or_title(words) or any(
            w in self.cue_known for w in words
        )

    # -- references -------------------------------------------------------------------------

    def mention(
        self, start: int, end: int, at: int, resolved_by: str, bodies: bool = True
    ) -> SpeakerRef | None:
        """The speaker named at [start, end): a name, office, description or pronoun.

        ``bodies``: capitalised words alone (`BMKG`) are a body speaking for itself. True where
        the mention stands at a reporting word; the indirect rules' search may instead land on
        the place or date of a circumstance (`X, di Jakarta, Selasa, mengatakan`), where the
        person before it is the better reading."""
        principal = self._companions.leader_within(start, end)
        if principal is not None:
            return SpeakerRef(
                principal.start, principal.end, principal.parts, resolved_by, principal.key
            )
        raw = self.text[start:end]
        if raw.lower() in _SUBORDINATORS:
            return None  # `Usai menjelaskan, ...`: a subordinator before the verb names nobody
        parts = self._parse(raw)
        if parts.kind == "pronoun":
            ref = self.antecedent(start, "pronoun")
            return ref
        if parts.kind == "description" and self._anaphoric(raw, bodies):
            found = self.antecedent(start, "description", max_paragraphs=5)
            return found or self._literal(start, end, parts)
        key = self.table.resolve(parts, raw, start)
        how = resolved_by if parts.kind == "name" else "description"
        record = self.table.get(key)
        if parts.kind == "role" and record is not None and record.named:
            how = "alias"
        return SpeakerRef(start, end, parts, how, key)

    def _anaphoric(self, raw: str, bodies: bool) -> bool:
        """`politikus PDIP itu`, `kata pria yang akrab disapa Djanur`: a description with a
        demonstrative, or a bare one without an indefinite quantifier, points back to someone
        already in the article; `seorang warga` brings in someone new. Capitalised words only
        (`BMKG`, `BPBD Banten`) name a body, which speaks for itself."""
        if bodies and not any(w[:1].islower() for w in raw.split()):
            return False
        words = raw.lower().split()
        return words[-1] in _DEMONSTRATIVES or words[0] not in _INDEFINITE

    def _literal(self, start: int, end: int, parts: MentionParts) -> SpeakerRef:
        key = self.table.resolve(parts, self.text[start:end], start)
        return SpeakerRef(start, end, parts, "description", key)

    def antecedent(
        self, at: int, how: str, max_paragraphs: int = ANTECEDENT_PARAGRAPHS
    ) -> SpeakerRef | None:
        """The most recent subject or reporting-word person before ``at``."""
        first_para = self.index.paragraph_at(at) - max_paragraphs
        lo = self.index.paragraphs[max(0, first_para)].start if self.index.paragraphs else 0
        hi = bisect.bisect_right(self._mention_ends, at)
        earlier = [m for m in self.mentions[:hi] if m.start >= lo]
        fallback: PersonMention | None = None
        for n in range(len(earlier) - 1, -1, -1):
            mention = earlier[n]
            if mention.subject or mention.cue_adjacent:
                reporter = self._reporter(earlier, n)
                if reporter is None and self._reported(mention):
                    continue
                chosen = reporter or self._named_apposition(earlier, n)
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

    def _reported(self, mention: PersonMention) -> bool:
        """`ia juga mengatakan, Presiden Joko Widodo memerintahkan ...`: the subject of a clause
        that someone reports (right after their verb of saying) is not who the next quote is
        by, even when the reporter is only a pronoun."""
        i = bisect.bisect_left(self._active_at, mention.start) - 1
        if i < 0:
            return False
        verb = self._active_at[i]
        opened = _REPORTED_CLAUSE_OPEN.match(self.text, word_end(self.text, verb))
        if opened is None or opened.end() != mention.start:
            return False
        # Someone must say it: a word before the verb in its sentence that is not a
        # subordinator (`Usai menjelaskan, Budi ...` reports nothing).
        before = self.text[self.index.sentence_bounds(verb)[0] : verb].split()
        return bool(before) and before[-1].lower().strip(",") not in _SUBORDINATORS

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
