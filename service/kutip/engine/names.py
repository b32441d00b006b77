"""Split a speaker mention into title, role, affiliation and name.

`Kepala Unit Reserse Kriminal Kepolisian Sektor Tamansari Ajun Komisaris Roland Manurung`
-> role `Kepala Unit Reserse Kriminal`, affiliation `Kepolisian Sektor Tamansari`, name
`Roland Manurung`. Indonesian stacks office, institution, rank and name without punctuation, so
the split leans on the lexicons (offices, institutions, places, ranks) and, where they cannot
tell, on names the article itself uses alone next to a reporting word (`kata Roland`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from kutip.engine.lexicon import Lexicon

MentionKind = str  # "name" | "role" | "description" | "pronoun"

_TOKEN = regex.compile(r"\([^()\s]+\)|[^\s,]+|,")
_NAME_PARTICLES = frozenset({"bin", "binti", "van", "von", "de", "al"})
_ACRONYM = regex.compile(r"^\(?\p{Lu}[\p{Lu}\d\-]+\)?$")


@dataclass(frozen=True, slots=True)
class MentionParts:
    """What a mention says about its person; offsets are relative to the mention text."""

    kind: MentionKind
    name: str | None
    role: str | None
    affiliation: str | None
    title: str | None
    name_start: int | None = None
    name_end: int | None = None


class _Phrases:
    """Case-aware longest-match lookup of multi-word lexicon entries over a token list."""

    def __init__(self, entries: Sequence[str], *, fold: bool) -> None:
        self.fold = fold
        self.entries = {self._key(e.split()) for e in entries}
        self.longest = max((len(e.split()) for e in entries), default=1)

    def _key(self, words: Sequence[str]) -> tuple[str, ...]:
        return tuple(w.lower() if self.fold else w for w in words)

    def match(self, words: Sequence[str], i: int) -> int:
        """Length in tokens of the longest entry starting at ``i`` (0 if none)."""
        for n in range(min(self.longest, len(words) - i), 0, -1):
            if self._key(words[i : i + n]) in self.entries:
                return n
        return 0


class MentionParser:
    """Built once from the lexicon; ``parse`` runs per mention."""

    def __init__(self, lex: Lexicon) -> None:
        self.titles = _Phrases((*lex.honorifics, *lex.ranks, *lex.academic_before), fold=False)
        self.after = _Phrases(lex.academic_after, fold=False)
        self.offices = _Phrases(lex.offices, fold=False)
        self.offices_folded = _Phrases([o for o in lex.offices if o.islower()], fold=True)
        self.takes_place = _Phrases(lex.takes_place, fold=False)
        self.institutions = _Phrases(lex.institutions, fold=False)
        self.places = _Phrases(lex.places, fold=False)
        self.pronouns = {p.lower() for p in lex.pronouns["personal"]}
        self.heads = {h.lower() for h in lex.pronouns["description_heads"]}
        self.demonstratives = {d.lower() for d in lex.pronouns["demonstratives"]}
        self.not_names = set(lex.not_names)
        self.quantifiers = {
            "seorang",
            "salah",
            "satu",
            "sejumlah",
            "beberapa",
            "para",
            "sang",
            "si",
        }

    def parse(self, text: str, known: Callable[[str], bool] | None = None) -> MentionParts:
        spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        words = [w for w, _, _ in spans]
        if not words:
            return MentionParts("description", None, None, None, None)
        if len(words) == 1 and words[0].lower() in self.pronouns:
            return MentionParts("pronoun", None, None, None, None)
        described = words[-1].lower() in self.demonstratives
        if described:
            return MentionParts("description", None, None, None, None)
        i = 0
        while i < len(words) and words[i].lower() in self.quantifiers:
            i += 1
        role_at, role_len = self._office(words, i)
        title_end, titles = self._last_title(words)
        end = self._name_end(words)
        if title_end is not None and title_end < end:
            start = title_end
        elif "," in words[:end]:
            start = max(k for k in range(end) if words[k] == ",") + 1
        else:
            start = self._name_start(words, role_at + role_len if role_len else i, end, known)
        name_words = [w for w in words[start:end] if w != ","]
        name_ok = bool(name_words) and all(self._namelike(w) for w in name_words)
        role = " ".join(words[role_at : role_at + role_len]) if role_len else None
        if role_len and name_ok:
            role_end = self._role_end(words, role_at + role_len, start)
            role = " ".join(words[role_at:role_end])
            aff_words = [w for w in words[role_end:start] if w != "," and w not in titles]
            affiliation = " ".join(aff_words) or None
        else:
            affiliation = None
        title = " ".join(titles) or None
        if not name_ok:
            kind = "role" if role_len else "description"
            if role_len:
                aff = [w for w in words[role_at + role_len :] if w != ","]
                affiliation = " ".join(aff) or None
            return MentionParts(kind, None, role, affiliation, title)
        return MentionParts(
            "name",
            " ".join(name_words),
            role,
            affiliation,
            title,
            spans[start][1],
            spans[end - 1][2],
        )

    def _office(self, words: list[str], i: int) -> tuple[int, int]:
        """Where the office starts and how many tokens it spans (it may follow a quantifier)."""
        for j in range(i, min(i + 2, len(words))):
            n = self.offices.match(words, j) or self.offices_folded.match(words, j)
            if n:
                return j, n
            if words[j].lower() not in self.heads:
                break
        return i, 0

    def _last_title(self, words: list[str]) -> tuple[int | None, list[str]]:
        """Index just after the last title/rank run that a name follows, and the titles seen."""
        titles: list[str] = []
        end: int | None = None
        k = 0
        while k < len(words):
            n = self.titles.match(words, k)
            if n and k + n < len(words) and words[k + n][:1].isupper():
                titles.append(" ".join(words[k : k + n]))
                k += n
                end = k
            else:
                k += 1
        return end, titles

    def _name_end(self, words: list[str]) -> int:
        end = len(words)
        while end > 0 and (words[end - 1] == "," or self.after.match(words, end - 1)):
            end -= 1
        return end

    def _role_end(self, words: list[str], k: int, limit: int) -> int:
        """An office runs on over its portfolio (`Menteri Keuangan`) until an institution."""
        while k < limit and words[k][:1].isupper() and not self._affiliation_word(words, k):
            k += 1
        return k

    def _affiliation_word(self, words: list[str], k: int) -> bool:
        return bool(self.institutions.match(words, k) or self.places.match(words, k)) or bool(
            _ACRONYM.match(words[k])
        )

    def _name_start(
        self, words: list[str], k: int, end: int, known: Callable[[str], bool] | None
    ) -> int:
        """First token of the name in ``words[k:end]`` when no title marks it."""
        if known is not None:
            for j in range(k, end):
                if known(words[j]) and self._namelike(words[j]):
                    return j
        start = k
        j = k
        while j < end:
            n = self.places.match(words, j)
            if n:
                start = j = j + n
                continue
            if _ACRONYM.match(words[j]):
                start = j = j + 1
                continue
            n = self.institutions.match(words, j) or self.takes_place.match(words, j)
            if n:
                # `Kepolisian Sektor Tamansari`, `Wali Kota Malang`: the institution or office
                # governs the next capitalised word (its place), which is not part of the name.
                j += n
                while j < end and self.institutions.match(words, j):
                    j += self.institutions.match(words, j)
                start = j = min(j + 1, end - 1) if j < end else end
                continue
            j += 1
        if start >= end:
            start = end - 1
        return max(start, k)

    def _namelike(self, word: str) -> bool:
        if regex.match(r"^\p{Lu}\.$", word):
            return True  # an initial (Daeng M. Faqih)
        capital = word[:1].isupper() or word in _NAME_PARTICLES
        return capital and word not in self.not_names and not _ACRONYM.match(word)
