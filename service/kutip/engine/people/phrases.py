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

    def _key(self, words: Sequence[str]) -> tuple[str, ...]:
        return tuple(w.lower() if self.fold else w for w in words)

    def match(self, words: Sequence[str], i: int) -> int:
        """Length in tokens of the longest entry starting at ``i`` (0 if none)."""
        if i >= len(words):
            return 0
        first = words[i].lower() if self.fold else words[i]
        for n in self.lengths.get(first, ()):
            if n == 1 or (i + n <= len(words) and self._key(words[i : i + n]) in self.entries):
                return n
        return 0
