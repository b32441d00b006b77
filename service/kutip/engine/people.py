"""People of one article: person mentions, entities, and what pronouns and clitics point to.

A pronoun or clitic (`ia`, `dia`, `ujarnya`) refers to the most recent person who is the
subject of a clause (`Sandi menambahkan`, `Kepala Dinas X, Y, mengatakan`) or who was named at a
reporting word; Indonesian news rarely refers back to an object this way. Short names and
offices (`Roland`, `Presiden`) join the entity of the fullest name the article gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from kutip.engine.entities import EntityTable
from kutip.engine.marks import QuoteSpan
from kutip.engine.names import MentionParser, MentionParts, Vocabulary
from kutip.engine.patterns import placeholders
from kutip.engine.rulebook import Rulebook
from kutip.engine.text import TextIndex

# A verb or adverb right after a name puts the name in subject position (me-/ber-/di-/ter-
# verbs, and the adverbs and auxiliaries that precede them).
_SUBJECT_NEXT = regex.compile(
    r"\s*(?:,[^,.;:]{1,90},\s*)?(?:(?:juga|pun|sudah|telah|belum|tidak|tak|masih|sempat|pernah|"
    r"akan|bakal|hanya|lalu|kemudian|kembali|bahkan|justru|lantas|memang|sendiri|mengaku)\s+)*"
    r"(?:me|ber|di|ter)\p{Ll}{2,}"
)


_LOWER_WORD = regex.compile(r"(?<![\w-])\p{Ll}[\p{Ll}\-]*+(?![\w-])")


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
        mention_re: regex.Pattern[str],
        cue_after_re: regex.Pattern[str],
        cue_before_re: regex.Pattern[str],
    ) -> None:
        self.text = text
        self.index = index
        self.parser = parser
        self.quoted = [(s.start, s.end) for s in spans]
        self.cue_known = self._cue_names(cue_after_re, cue_before_re)
        common = frozenset(_LOWER_WORD.findall(text))
        self.vocab = Vocabulary(self.cue_known | self._subject_names(mention_re, common), common)
        self.table = EntityTable(parser.aliases)
        self.mentions = self._scan(mention_re, cue_after_re, cue_before_re)

    @staticmethod
    def factory(rulebook: Rulebook) -> Callable[[str, TextIndex, list[QuoteSpan]], People]:
        """Compile the scanning patterns once; return a per-document constructor."""
        table = placeholders(rulebook.lexicon)
        parser = MentionParser(rulebook.lexicon)
        mention_re = regex.compile(table["person"], regex.VERSION1)
        cue_after = regex.compile(
            rf"(?:{table['bare']}|{table['passive']}|{table['preposition']})\s+(?P<m>{table['mention']})",
            regex.VERSION1,
        )
        cue_before = regex.compile(
            rf"(?P<m>{table['mention']})\s*(?:,\s*)?(?:{table['adverb']}\s+)*{table['active']}",
            regex.VERSION1,
        )

        def make(text: str, index: TextIndex, spans: list[QuoteSpan]) -> People:
            return People(text, index, spans, parser, mention_re, cue_after, cue_before)

        return make

    # -- scanning ---------------------------------------------------------------------------

    def _inside_quote(self, start: int) -> bool:
        return any(s <= start < e for s, e in self.quoted)

    def _cue_names(self, after: regex.Pattern[str], before: regex.Pattern[str]) -> frozenset[str]:
        """Words the article uses alone as a name next to a reporting word (`kata Roland`)."""
        words = set()
        for pattern in (after, before):
            for m in pattern.finditer(self.text):
                found = m.group("m").split()
                if len(found) <= 2 and not self._inside_quote(m.start("m")):
                    words.add(found[0])
        return frozenset(w for w in words if w[:1].isupper())

    def _subject_names(self, mention: regex.Pattern[str], common: frozenset[str]) -> frozenset[str]:
        """Words the article uses alone as the subject of a verb (`Roland menambahkan`)."""
        words = set()
        for m in mention.finditer(self.text):
            found = m.group().split()
            subject = _SUBJECT_NEXT.match(self.text, m.end()) is not None
            if len(found) <= 2 and subject and not self._inside_quote(m.start()):
                if found[0].lower() not in common:
                    words.add(found[0])
        return frozenset(w for w in words if w[:1].isupper())

    def _scan(
        self, mention_re: regex.Pattern[str], after: regex.Pattern[str], before: regex.Pattern[str]
    ) -> list[PersonMention]:
        adjacent = {m.start("m") for p in (after, before) for m in p.finditer(self.text)}
        found: list[PersonMention] = []
        for m in mention_re.finditer(self.text):
            if self._inside_quote(m.start()):
                continue
            parts = self.parser.parse(m.group(), self.vocab)
            if parts.kind not in ("name", "role"):
                continue
            strong = parts.kind == "name" and bool(parts.role or parts.title)
            cue_adjacent = m.start() in adjacent
            subject = _SUBJECT_NEXT.match(self.text, m.end()) is not None
            is_known = (
                parts.kind == "name"
                and parts.name is not None
                and (strong or parts.name.split()[0] in self.cue_known)
            )
            if parts.kind == "role" and not (cue_adjacent or subject):
                continue
            if parts.kind == "name" and not (strong or cue_adjacent or is_known):
                # A lone capitalised word before a verb is as often a place or an
                # organisation (`Eropa menggenjot`) as a person: two words or more, or one the
                # article already knows, make it a person.
                assert parts.name is not None
                known_entity = self.table.knows(parts.name)
                if not subject or (len(parts.name.split()) < 2 and not known_entity):
                    continue
            mention = PersonMention(m.start(), m.end(), parts, subject, cue_adjacent)
            mention.key = self.table.observe(parts, m.start(), m.end())
            found.append(mention)
        return found

    # -- references -------------------------------------------------------------------------

    def mention(self, start: int, end: int, at: int, resolved_by: str) -> SpeakerRef | None:
        """The speaker named at [start, end): a name, office, description or pronoun."""
        raw = self.text[start:end]
        parts = self.parser.parse(raw, self.vocab)
        if parts.kind == "pronoun":
            ref = self.antecedent(start, "pronoun")
            return ref
        if parts.kind == "description" and self._anaphoric(raw):
            return self.antecedent(start, "description") or self._literal(start, end, parts)
        key = self.table.resolve(parts, raw, start)
        how = resolved_by if parts.kind == "name" else "description"
        if parts.kind == "role" and key in self.table.entities and self.table.entities[key].named:
            how = "alias"
        return SpeakerRef(start, end, parts, how, key)

    def _anaphoric(self, raw: str) -> bool:
        return raw.split()[-1].lower() in {"itu", "tersebut", "ini"}

    def _literal(self, start: int, end: int, parts: MentionParts) -> SpeakerRef:
        key = self.table.resolve(parts, self.text[start:end], start)
        return SpeakerRef(start, end, parts, "description", key)

    def antecedent(self, at: int, how: str, max_paragraphs: int = 3) -> SpeakerRef | None:
        """The most recent subject or reporting-word person before ``at``."""
        first_para = self.index.paragraph_at(at) - max_paragraphs
        lo = self.index.paragraphs[max(0, first_para)].start if self.index.paragraphs else 0
        fallback: PersonMention | None = None
        for mention in reversed(self.mentions):
            if mention.end > at:
                continue
            if mention.start < lo:
                break
            if mention.subject or mention.cue_adjacent:
                return SpeakerRef(mention.start, mention.end, mention.parts, how, mention.key)
            fallback = fallback or mention
        if fallback is None:
            return None
        return SpeakerRef(fallback.start, fallback.end, fallback.parts, how, fallback.key)
