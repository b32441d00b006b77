"""Longest-match lookup of lexicon entries (offices, titles, places, ...) over mention tokens."""

from __future__ import annotations

from collections.abc import Sequence


class Phrases:
    """Longest-match lookup of (multi-word) lexicon entries over a token list."""

    def __init__(self, entries: Sequence[str], *, fold: bool = False) -> None:
        self.fold = fold
        self.entries = {self._key(e.split()) for e in entries}
        # Entry lengths by first word, longest first: most words start no entry at all.
        lengths: dict[str, set[int]] = {}
        for key in self.entries:
            lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {k: sorted(v, reverse=True) for k, v in lengths.items()}
        # One-word entries (keys: lower-cased when folding): ``key in singles`` is
        # ``match([word], 0) > 0`` without the list and the loop.
        self.singles = frozenset(key[0] for key in self.entries if len(key) == 1)

    def may_start(self, word: str) -> bool:
        """Whether some entry starts with ``word`` (``match`` is 0 at every word that fails)."""
        return (word.lower() if self.fold else word) in self.lengths

    def _key(self, words: Sequence[str]) -> tuple[str, ...]:
        return tuple(w.lower() if self.fold else w for w in words)

    def match(self, words: Sequence[str], i: int) -> int:
        """Length in tokens of the longest entry starting at ``i`` (0 if none)."""
        if i >= len(words):
            return 0
        lengths = self.lengths.get(words[i].lower() if self.fold else words[i])
        if lengths is None:
            return 0  # most words start no entry: the common case returns first
        for n in lengths:
            if n == 1 or (i + n <= len(words) and self._key(words[i : i + n]) in self.entries):
                return n
        return 0


def past_place_noun(
    words: list[str], k: int, end: int, place_nouns: frozenset[str], places: Phrases
) -> int:
    """`warga Leles`, `pengamat wilayah Boven Digoel`: capitalised words after a place noun
    name the place (a lexicon place, else one word); a name may follow it only as two
    words or more (`politikus asal Sumatera Barat Andre Rosiade`), or as a word the article
    names at a reporting word (checked by the caller). Where the name may start."""
    if place_nouns.isdisjoint(map(str.lower, words[k:end])):
        return k
    nouns = [i for i in range(k, end) if words[i].lower() in place_nouns]
    if not nouns or (nouns[-1] > 0 and not words[nouns[-1]][:1].islower()):
        return k  # a capitalised `Kota` inside a mention is part of a place's name
    j = nouns[-1] + 1
    j += max(1, places.match(words, j)) if j < end else 0
    return j if end - j >= 2 else end
