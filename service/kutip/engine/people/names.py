"""Split a speaker mention into title, role, affiliation and name.

`Kepala Unit Reserse Kriminal Kepolisian Sektor Tamansari Ajun Komisaris Roland Manurung`
-> role `Kepala Unit Reserse Kriminal`, affiliation `Kepolisian Sektor Tamansari`, name
`Roland Manurung`. Indonesian stacks office, institution, rank and name without punctuation, so
the split leans on the lexicons (offices and their portfolio words, institutions, places,
countries, ranks) and, where they cannot tell, on names the article itself uses alone next to a
reporting word (`kata Roland`).
"""

from __future__ import annotations

import regex

from kutip.engine.people.mentions import (
    NAME_PARTICLES,
    NO_VOCABULARY,
    TOKEN,
    MentionParts,
    Vocabulary,
    is_acronym,
    is_initial,
    is_noun_form,
    segments_of,
)
from kutip.engine.people.phrases import Phrases, past_place_noun
from kutip.engine.rules.lexicon import Lexicon

# Quantifiers before a description; the plural ones never name one person.
_QUANTIFIERS = frozenset({"seorang", "salah", "satu", "sang", "para", "sejumlah", "beberapa"})
_PLURAL = frozenset({"para", "sejumlah", "beberapa"})
_CALLED = ("disapa", "dipanggil", "dikenal")
_DARI = regex.compile(r"\sdari\s")


class MentionParser:
    """Built once from the lexicon; ``parse`` runs per mention."""

    def __init__(self, lex: Lexicon) -> None:
        self.titles = Phrases((*lex.honorifics, *lex.ranks, *lex.academic_before))
        self.after = Phrases(lex.academic_after)
        self.offices = Phrases(lex.offices, fold=True)
        self.takes_place = Phrases(lex.takes_place, fold=True)
        self.institutions = Phrases(lex.institutions)
        # Places skipped before a name (`Bupati Tanjung Jabung Timur Romi`); only the hand-kept
        # ones and countries also rule a word out of a name (regions are Batak surnames too).
        self.places = Phrases((*lex.places, *lex.regions, *lex.countries))
        self.named_places = Phrases((*lex.places, *lex.countries))
        self.portfolio = frozenset(lex.portfolio_words)
        self.place_nouns = frozenset(lex.place_nouns)
        self.pronouns = {p.lower() for p in lex.pronouns["personal"]}
        self.heads = {h.lower() for h in lex.pronouns["description_heads"]}
        self.demonstratives = {d.lower() for d in lex.pronouns["demonstratives"]}
        self.not_names = frozenset(lex.not_names) | self.portfolio
        self.aliases = {a.lower(): full for full, names in lex.aliases.items() for a in names}
        self.role_abbreviations = dict(lex.role_abbreviations)
        # What a name word may not be alone: a place, country or institution (offices fold).
        self._lone_entries = self.named_places.singles | self.institutions.singles
        # First words (lower-cased) of every office and title: a mention holding none of them
        # cannot parse to a role or a title.
        self.office_or_title_words = frozenset(
            e.split()[0].lower()
            for e in (*lex.offices, *lex.honorifics, *lex.ranks, *lex.academic_before)
        )

    def may_have_office_or_title(self, words: list[str]) -> bool:
        """False when no word of ``words`` opens an office or a title: parsing them can give a
        bare name at most (a cheap test before the parse)."""
        return any(w.lower() in self.office_or_title_words for w in words)

    def parse(self, text: str, vocab: Vocabulary = NO_VOCABULARY) -> MentionParts:
        words = [m.group() for m in TOKEN.finditer(text)]
        if not words:
            return MentionParts("description", None, None, None, None)
        lowered = [w.lower() for w in words]
        if len(words) == 1 and lowered[0] in self.pronouns:
            return MentionParts("pronoun", None, None, None, None)
        for marker in _CALLED:
            if marker in lowered[:-1]:
                # `pria yang akrab disapa Djanur`: the name people call them is the name.
                at = len(lowered) - lowered[::-1].index(marker)
                skip = {"dengan", "nama", *self.demonstratives}
                called = [w for w in words[at:] if w.lower() not in skip]
                if called:
                    return MentionParts("name", " ".join(called), None, None, None)
        if lowered[-1] in self.demonstratives or _PLURAL & set(lowered[:1]):
            return MentionParts("description", None, None, None, None)
        if "dari" in words[1:-1]:
            split = self._from_body(text, vocab)
            if split is not None:
                return split
        segments = segments_of(words)
        # `Joni, Direktur RSUD dr Soetomo, Surabaya`: a bare name with an office in apposition
        # after it is the name.
        if len(segments) > 1 and len(segments[0]) <= 4 and self.starts_description(segments[1]):
            first = self._segment(segments[0], vocab)
            if first.kind == "name" and first.role is None:
                return self._with_context(first, [], segments[1:])
        # `Kepala Dusun Nglahar, Kelurahan Sumbersari, Wahyu Wibowo, Senin`: the name is the
        # last comma segment that reads as a name; the ones before it describe the person.
        for n in range(len(segments) - 1, -1, -1):
            parsed = self._segment(segments[n], vocab)
            if parsed.kind == "name":
                return self._with_context(parsed, segments[:n], segments[n + 1 :])
        first = self._segment(segments[0], vocab)
        if first.role is None:
            for seg in segments[1:]:
                later = self._segment(seg, vocab)
                if later.role:
                    return later
        return first

    def _from_body(self, text: str, vocab: Vocabulary) -> MentionParts | None:
        """`Reynaldi dari PT House of Rattan`: a name, then `dari` and the body the person comes
        from. (An office before `dari` leaves the name after the body, `Wakil Ketua Baleg DPR
        dari Fraksi Nasdem Willy Aditya`, which the ordinary split already finds.)"""
        dari = _DARI.search(text)
        if dari is None:
            return None
        head = self.parse(text[: dari.start()], vocab)
        if head.kind != "name":
            return None
        affiliation = ", ".join(a for a in (head.affiliation, text[dari.end() :].strip()) if a)
        return MentionParts("name", head.name, head.role, affiliation, head.title)

    def _with_context(
        self, parsed: MentionParts, before: list[list[str]], after: list[list[str]]
    ) -> MentionParts:
        """Add what the other comma segments say: an office before or after, affiliations."""
        role, affiliation = parsed.role, [parsed.affiliation] if parsed.affiliation else []
        for seg in before:
            at, end = self._office(seg, 0)
            if end > at and role is None:
                role = " ".join(seg[at:end])
                affiliation.append(" ".join(seg[end:]))
            else:
                affiliation.append(" ".join(seg))
        if role is None:
            for seg in after:
                at, end = self._office(seg, 0)
                if end > at:
                    role = " ".join(seg[at:end])
                    affiliation.append(" ".join(seg[end:]))
                    break
        text = ", ".join(a for a in affiliation if a) or None
        return MentionParts("name", parsed.name, role, text, parsed.title)

    def _segment(self, words: list[str], vocab: Vocabulary) -> MentionParts:
        """Parse one comma-free run of words."""
        if not words:
            return MentionParts("description", None, None, None, None)
        i = 0
        while i < len(words) and words[i].lower() in _QUANTIFIERS:
            i += 1
        role_at, role_end = self._office(words, i)
        if role_end > role_at and role_end < len(words) and words[role_end] in ("dari", "di"):
            # `Presiden dari Istana Kepresidenan Bogor`: where the office holder spoke from.
            rest = " ".join(words[role_end + 1 :]) or None
            return MentionParts("role", None, " ".join(words[role_at:role_end]), rest, None)
        if role_end == role_at and self.institutions.match(words, i):
            # `PT House of Rattan`, `Ombudsman RI Perwakilan Jakarta Raya`: an organisation.
            return MentionParts("organisation", None, None, " ".join(words[i:]), None)
        title_end, titles, title_start = self._titles(words, role_end)
        end = self._name_end(words)
        if title_end is not None and title_end < end:
            start = title_end
        else:
            takes_place = role_end > role_at and self.takes_place.match(words, role_at) > 0
            start = self._name_start(words, role_end, end, takes_place, vocab)
        role = " ".join(words[role_at:role_end]) or None
        title = " ".join(titles) or None
        name_words = words[start:end]
        if start == title_end:
            # After a rank or title the name follows, even where its words are also ordinary
            # capitalised vocabulary (`Kompol Anak Agung Made Winarta`).
            name_ok = any(self._namelike(w, vocab) for w in name_words) and all(
                self._namelike(w, vocab) or w in self.portfolio for w in name_words
            )
        else:
            name_ok = all(self._namelike(w, vocab) for w in name_words)
        if not name_words or not name_ok:
            rest = " ".join(words[role_end:end]) or None
            return MentionParts("role" if role else "description", None, role, rest, title)
        affiliation = words[role_end : min(start, title_start)]
        return MentionParts(
            "name", " ".join(name_words), role, " ".join(affiliation) or None, title
        )

    def starts_description(self, words: list[str]) -> bool:
        """Whether ``words`` open with an office, title or institution (`Wali Kota ...`)."""
        if not words or not (
            self.offices.may_start(words[0])
            or self.titles.may_start(words[0])
            or self.institutions.may_start(words[0])
        ):
            return False  # the common case: no entry starts with the first word
        return bool(
            self.offices.match(words, 0)
            or self.titles.match(words, 0)
            or self.institutions.match(words, 0)
        )

    def _office(self, words: list[str], i: int) -> tuple[int, int]:
        """Span of the office and its portfolio (`Menteri Keuangan`); may follow a head noun."""
        for j in range(i, min(i + 2, len(words))):
            n = self.offices.match(words, j)
            if n:
                k = j + n
                while k < len(words) and words[k] in self.portfolio:
                    k += 1
                    # `Menteri Pemuda dan Olahraga`: a connector joins two portfolios.
                    if k + 1 < len(words) and words[k] == "dan" and words[k + 1] in self.portfolio:
                        k += 1
                return j, k
            if words[j].lower() not in self.heads:
                break
        return i, i

    def _titles(self, words: list[str], k: int) -> tuple[int | None, list[str], int]:
        """Index just after the last title or rank that a name follows, the titles seen, and
        where the first of them starts (the affiliation ends there)."""
        titles: list[str] = []
        end: int | None = None
        first = len(words)
        while k < len(words):
            n = self.titles.match(words, k)
            if n and k + n < len(words) and words[k + n][:1].isupper():
                titles.append(" ".join(words[k : k + n]))
                first = min(first, k)
                k += n
                end = k
            else:
                k += 1
        return end, titles, first

    def _name_end(self, words: list[str]) -> int:
        """Where the name ends: before post-nominal titles (`S.H.`) and a trailing initialism
        that follows a name (`Mahfud MD`, kept out so the name words compare)."""
        end = len(words)
        while end > 0 and (words[end - 1] == "," or self.after.match(words, end - 1)):
            end -= 1
        if end > 1 and is_acronym(words[end - 1]) and self._namelike(words[end - 2]):
            end -= 1
        return end

    def _name_start(
        self,
        words: list[str],
        k: int,
        end: int,
        takes_place: bool,
        vocab: Vocabulary,
    ) -> int:
        """First token of the name in ``words[k:end]`` when no title or comma marks it."""
        start = j = past_place_noun(words, k, end, self.place_nouns, self.places)
        if takes_place and j == end - 1 and words[j] not in vocab.names:
            return end  # `Wali Kota Surabaya`: the office and its place, no name
        if takes_place and j < end - 1:
            # `Wali Kota Malang Sutiaji`: the office governs a place, one word unless known longer.
            j = start = j + max(1, self.places.match(words, j))
        while j < end:
            n = self.places.match(words, j)
            if n or is_acronym(words[j]) or words[j] in self.portfolio:
                start = j = j + max(n, 1)
                continue
            n = self.institutions.match(words, j)
            if n:
                # `Kementerian Sosial Asep`, `Partai Demokrat Agus`: an institution is named by
                # its portfolio words or one capitalised word, unless the article knows better.
                j += n
                named_by_portfolio = j < end and words[j] in self.portfolio
                while j < end and words[j] in self.portfolio:
                    j += 1
                if not named_by_portfolio and j < end and words[j] not in vocab.spoken:
                    # `PD Pasar Jaya` alone names the institution: no person follows it.
                    j += max(1, self.places.match(words, j))
                start = j
                continue
            j += 1
        # A word the article names alone at a reporting word (`kata Sutiaji`) that the lexicon
        # rules took for a place starts the name after all.
        for j in range(k, start):
            if words[j] in vocab.spoken and all(self._namelike(w, vocab) for w in words[j:end]):
                return j
        # Whatever the lexicons missed (`Covid-19`, a date) still cannot be part of a name.
        for j in range(end - 1, start - 1, -1):
            if not self._namelike(words[j], vocab):
                return j + 1
        return start

    def _namelike(self, word: str, vocab: Vocabulary = NO_VOCABULARY) -> bool:
        if is_initial(word):
            return True  # an initial (Daeng M. Faqih)
        if word.startswith("("):
            return False  # `(KPK)`, `(Plt.)`: an abbreviation explained, never a name
        capital = word[:1].isupper() or word in NAME_PARTICLES
        if not capital or word in self.not_names or is_acronym(word):
            return False
        if is_noun_form(word):
            return False  # `Kemiskinan`, `Tujuannya`
        if word.lower() in vocab.common and word not in vocab.names:
            return False
        # A country or region (`Inggris`, `Korsel`), an institution or an office alone.
        return word not in self._lone_entries and word.lower() not in self.offices.singles
