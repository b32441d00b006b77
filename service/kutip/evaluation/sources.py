"""Figures per source family: the gold id without its trailing number (`a-01` -> `a`,
`pfsa-dev-0001` -> `pfsa-dev`, `hand-a-03` -> `hand-a`).

The dev files name their articles by where they come from (long-dev's `a-*` are regional pages
cut at about 2,000 characters, its `b-*` complete government-site articles), so one family can
fall behind while the file's total hides it. Each family is scored as a gold file of its own,
with the same scorer, so its figures are those `kutip eval` gives that family alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import regex

from kutip.evaluation.matching import score_documents
from kutip.evaluation.scoring import Scores

# The final number and the one separator before it; an id that is only a number (or has none)
# is its own family, so no article falls out of the split.
_TRAILING_NUMBER = regex.compile(r"[-_.]?\d+$")

V = TypeVar("V")


def source_family(article_id: str) -> str:
    """The id with its trailing number (and the separator before it) removed."""
    family = _TRAILING_NUMBER.sub("", article_id)
    return family or article_id


def split_by_source(gold: Mapping[str, V]) -> dict[str, dict[str, V]]:
    """Gold articles grouped by family, families in order of first appearance."""
    out: dict[str, dict[str, V]] = {}
    for aid, article in gold.items():
        out.setdefault(source_family(aid), {})[aid] = article
    return out


def score_by_source(
    gold: Mapping[str, Mapping[str, Any]], pred: Mapping[str, Mapping[str, Any]]
) -> dict[str, Scores]:
    """Each family's articles scored as their own set (no error lines: the total lists them)."""
    return {family: score_documents(docs, pred) for family, docs in split_by_source(gold).items()}
