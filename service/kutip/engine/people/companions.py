"""Who stands beside the subject: `Wabup Atika yang hadir bersama Kepala BPBD X dan Kepala Dinas
Y menyampaikan, ...` names three people before the verb, and the verb is the first one's."""

from __future__ import annotations

import bisect
from typing import Generic, TypeVar

import regex

# `Wabup Atika yang hadir bersama Kepala BPBD X dan Kepala Dinas Y menyampaikan, ...`: the people
# after these words accompany the subject; the verb is the first person's. (Not `mendampingi`:
# there the one accompanied, its object, leads.)
_ACCOMPANIED = regex.compile(
    r"[^\S\n]*,?[^\S\n]*(?:yang[^\S\n]+(?:\p{Ll}+[^\S\n]+){0,2})?"
    r"(?:bersama|didampingi|beserta)(?![\p{L}\p{N}])[^\S\n]*"
)
# What may stand between the companions: spaces, commas, brackets, `dan`, capitalised words.
_JOINED = regex.compile(r"(?:[\s,()]+|(?:dan|serta|beserta)(?![\p{L}])|\p{Lu}[\p{L}\p{N}.\-]*)*")

M = TypeVar("M")


class Companions(Generic[M]):
    """Fed the person mentions of one document in text order; remembers which of them only
    accompany another. One look per mention keeps the cost linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._leader: M | None = None  # the subject others accompany
        self._chain_end = 0  # where its chain of companions has reached
        self._led: dict[int, M] = {}  # a companion's start -> the subject it accompanies
        self._led_starts: list[int] = []  # the same starts, in text order

    def leads(self, end: int) -> bool:
        """Whether a mention ending at ``end`` is followed by `(yang hadir) bersama ...`."""
        return _ACCOMPANIED.match(self.text, end) is not None

    def observe(self, mention: M, start: int, end: int) -> M | None:
        """The subject that the mention at [start, end) accompanies, or None. The chain of
        companions runs from `bersama` over `dan`, commas and names only; any other word ends
        it."""
        leader = self._leader
        if leader is not None and _JOINED.fullmatch(self.text, self._chain_end, start):
            self._led[start] = leader
            self._led_starts.append(start)
            self._chain_end = end
            return leader
        joined = _ACCOMPANIED.match(self.text, end)
        self._leader = mention if joined else None
        self._chain_end = joined.end() if joined else end
        return None

    def leader_within(self, start: int, end: int) -> M | None:
        """The subject accompanied by a companion whose mention starts in [start, end)."""
        i = bisect.bisect_left(self._led_starts, start)
        if i < len(self._led_starts) and self._led_starts[i] < end:
            return self._led[self._led_starts[i]]
        return None
