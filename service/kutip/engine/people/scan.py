"""Capitalised runs of an article and where each stands: the raw material of person mentions.

A run is a stretch the mention pattern matches (`Kepala Dinas Kesehatan Budi Santoso`), trimmed
of the function words that open sentences, with two facts the speaker rules lean on: whether it
is the subject of a verb, and whether it sits next to a reporting word (`kata X`, `X mengatakan`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from kutip.engine import budget as bounded
from kutip.engine.people.names import MentionParser
from kutip.engine.rules.patterns import AGE, compile_pattern, placeholders
from kutip.engine.rules.rulebook import Rulebook
from kutip.engine.text import PhraseSet, TextIndex, word_end

# A verb or adverb right after a name puts the name in subject position (me-/ber-/di-/ter-
# verbs, and the adverbs and auxiliaries that precede them).
# `X dalam waktu yang berbeda mengatakan`, `X saat dihubungi menyatakan`: a short circumstance
# may stand between a subject and its verb.
_CIRCUMSTANCE = (
    r"(?:\s+(?:dalam|di|saat|ketika|seusai|usai|kepada|melalui|lewat|secara|dari|pada)"
    r"(?!\w)[^,.;:\n“”\"]{1,60}?)?"
)
_SUBJECT_NEXT = regex.compile(
    AGE
    + r"\s*(?:,[^,.;:]{1,90},\s*)?(?:(?:juga|pun|sudah|telah|belum|tidak|tak|masih|sempat|pernah|"
    r"akan|bakal|hanya|lalu|kemudian|kembali|bahkan|justru|lantas|memang|sendiri|mengaku)\s+)*"
    r"(?:me|ber|di|ter)\p{Ll}{2,}"
)


_WORD_AT = regex.compile(r"\S+")
_SPACE = regex.compile(r"\s*")
_BY = regex.compile(r"(?i)oleh\s+(?=\S)")
_VERB_REACH = 200  # apposition (90) + circumstance (60) + adverbs, with room to spare
_QUANTIFIERS = ("seorang", "salah", "sejumlah", "beberapa", "para", "sang")
# After a preposition (`di Ambon`, `untuk Gili`) a name is a place or an object.
_PREPOSITIONS = frozenset(
    "di ke dari untuk pada dengan kepada terhadap bagi atas antara menuju sampai hingga dalam "
    "tentang soal mengenai seperti melawan bersama asal wilayah kawasan kota kabupaten provinsi "
    "desa kecamatan".split()
)


@dataclass(frozen=True, slots=True)
class ScanPatterns:
    """The patterns and word sets of the scan, compiled once per rulebook."""

    capitals: regex.Pattern[str]  # capitalised words: most mentions open with one
    starters: frozenset[str]  # lower-case words that can open a mention (`juru bicara`)
    person: regex.Pattern[str]
    cue_follows: regex.Pattern[str]
    cue_before: PhraseSet  # reporting words a name follows (`kata`, `menurut pengakuan`)
    active: frozenset[str]  # verbs of saying whose subject a name can be (`mengatakan`)

    @staticmethod
    def build(rulebook: Rulebook) -> ScanPatterns:
        """Compile the scanning patterns once per rulebook."""
        table = placeholders(rulebook.lexicon)
        lex = rulebook.lexicon
        lower = (*lex.offices, *lex.pronouns["description_heads"], *_QUANTIFIERS)
        return ScanPatterns(
            # A capital at a word start (no word character, nor an apostrophe or hyphen joined
            # to one, before it).
            capitals=regex.compile(r"(?<!\w[’'\-]{0,2})\p{Lu}[\w’'\-]*"),
            # Lower-case words that open an office or a description (`juru bicara`, `warga`).
            starters=frozenset(w.split()[0].lower() for w in lower if w[:1].islower()),
            person=compile_pattern(table["person"], table),
            # The subject of a reporting verb: `X mengatakan`, `X, juru bicara Y, menyatakan`.
            cue_follows=compile_pattern(
                rf"{AGE}(?:\s*,[^,.;:\n“”\"]{{1,90}})?{_CIRCUMSTANCE}\s*,?\s*(?:{table['adverb']}\s+)*"
                rf"(?:{table['active']})(?!\w)",
                table,
            ),
            # Reporting words a name follows: `kata X`, `menurut pengakuan X`.
            cue_before=PhraseSet(
                lex.cue_forms("bare", "passive") | frozenset(c.lower() for c in lex.closers)
            ),
            active=frozenset(f.split()[0] for f in lex.cue_forms("active")),
        )


@dataclass(frozen=True, slots=True)
class Run:
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


class RunScanner:
    """Finds the runs of one document (see the module docstring)."""

    def __init__(
        self,
        text: str,
        index: TextIndex,
        quoted: list[tuple[int, int]],
        parser: MentionParser,
        patterns: ScanPatterns,
    ) -> None:
        self.text = text
        self.index = index
        self.parser = parser
        self.patterns = patterns
        self.quoted = quoted
        self._quote_starts = [s for s, _ in quoted]
        self._after_cue_at = self._cue_ends(patterns.cue_before)

    def _inside_quote(self, start: int) -> bool:
        i = bisect.bisect_right(self._quote_starts, start) - 1
        return i >= 0 and start < self.quoted[i][1]

    def _matches(
        self, patterns: ScanPatterns, common: frozenset[str]
    ) -> Iterator[regex.Match[str]]:
        """Mentions at the word starts that can open one (a capital, a role word): the mention
        pattern is only tried there, anchored, instead of at every character."""
        last = 0
        text, not_names = self.text, self.parser.not_names
        for pos, end in self._openers(patterns):
            if pos < last:
                continue
            word = text[pos:end]
            # `_lone_opener`'s first test inline: most openers are no common word.
            if (word in not_names or word.lower() in common) and self._lone_opener(
                pos, end, common
            ):
                continue
            m = bounded.match(patterns.person, text, pos, len(text))
            if m is not None and m.end() > pos:
                last = m.end()
                yield m

    def _openers(self, patterns: ScanPatterns) -> list[tuple[int, int]]:
        """(start, end) of the capitalised words and of the lower-case words that open an
        office or description, outside quotations, in text order: inside a quotation a capital
        is the speaker's word, never a mention of theirs."""
        text, capitals = self.text, patterns.capitals
        found = [m.span() for a, b in self._unquoted() for m in capitals.finditer(text, a, b)]
        starters = self.index.positions_of(patterns.starters)
        if starters:
            found.extend((at, word_end(text, at)) for at in starters if not self._inside_quote(at))
            found.sort()
        return found

    def _unquoted(self) -> list[tuple[int, int]]:
        """The stretches of the text between quotations."""
        stretches, cursor = [], 0
        for start, end in self.quoted:
            if start > cursor:
                stretches.append((cursor, start))
            cursor = max(cursor, end)
        stretches.append((cursor, len(self.text)))
        return stretches

    def _cue_ends(self, cues: PhraseSet) -> frozenset[int]:
        """Where a name right after a reporting word would start (`kata |X`, `dikatakan oleh
        |X`): past the white space after the cue, and past `oleh` too."""
        text = self.text
        ends = set()
        for _, end in self.index.phrases_at(cues):
            after = _SPACE.match(text, end).end()
            ends.add(after)
            by = _BY.match(text, after)
            if by:
                ends.add(by.end())
        return frozenset(ends)

    def _lone_opener(self, start: int, end: int, common: frozenset[str]) -> bool:
        """`Namun, ...`, `Selain itu ...`: a common word that no capital follows would be
        trimmed off any mention it opened, so there is nothing to match, unless a reporting
        word stands before it (`kata Bintang`)."""
        word = self.text[start:end]
        if word not in self.parser.not_names and word.lower() not in common:
            return False
        if self._after_cue(start):
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

    def _after_cue(self, start: int) -> bool:
        """Whether a reporting word stands right before ``start`` (`kata X`, `diungkapkan
        oleh X`, `menurut pengakuan X`)."""
        return start in self._after_cue_at

    def _verb_near(self, end: int, active_at: list[int]) -> bool:
        """Whether a verb of saying starts within reach after ``end`` (an apposition and a
        circumstance may stand between): the subject pattern is only tried then."""
        i = bisect.bisect_left(active_at, end)
        return i < len(active_at) and active_at[i] - end <= _VERB_REACH

    def runs(self, common: frozenset[str], active_at: list[int]) -> list[Run]:
        """Capitalised runs outside quotes, trimmed of sentence openers, with their context.

        ``active_at``: where the verbs of saying stand (``ScanPatterns.active``), in order."""
        patterns, text = self.patterns, self.text
        runs = []
        for m in self._matches(patterns, common):
            start, end = m.start(), m.end()
            # Right after a reporting word (`kata Hari`) even a common word is the name.
            named_at_cue = self._after_cue(start)
            if not named_at_cue:
                start = self._trim_openers(start, end, common)
                if start >= end:
                    continue
            subject = _SUBJECT_NEXT.match(text, end) is not None
            at_verb = bool(
                self._verb_near(end, active_at) and patterns.cue_follows.match(text, end)
            )
            if (subject or at_verb) and self._governed(start):
                subject = at_verb = False
            words = text[start:end].split()
            cue_adjacent = at_verb or named_at_cue or self._after_cue(start)
            runs.append(Run(start, end, subject, cue_adjacent, words))
        return runs

    def _trim_openers(self, start: int, end: int, common: frozenset[str]) -> int:
        """`Menurut Haris`, `Namun Sutiaji`, `Kata Budi`: a capitalised function word or reporting
        word opening the run belongs to the sentence, not to the name; where the name starts once
        they are off."""
        text, not_names = self.text, self.parser.not_names
        for word in _WORD_AT.finditer(text, start, end):
            w = word.group()
            # A reporting word typed with a capital mid-sentence (`... tersebut Disebutkan Kepala
            # Sekolah Masran ialah ...`) stands before the name, like one in lower case.
            opener = w in not_names or (
                w[:1].isupper()
                and (w.lower() in common or w.lower() in self.patterns.cue_before.by_first)
            )
            if not opener or self.parser.starts_description(text[word.start() : end].split()):
                break
            start = _SPACE.match(text, word.end()).end()  # the next word, or the run's end
        return start

    def _governed(self, start: int) -> bool:
        """After a preposition (`di Ambon`, `untuk Gili`) a name is a place or an object, never
        the subject of what follows it."""
        previous = self._words_before(start)
        return bool(previous) and previous[-1].lower() in _PREPOSITIONS
