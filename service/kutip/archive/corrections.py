"""Editors' corrections over machine output: fix a speaker or type, drop a quote, add one.

A correction names its quote by span. When the text changed (a new version), a span whose text
moved is found again by its quote text; a correction whose quote is gone is kept, unapplied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kutip.engine.text import TextIndex
from kutip.formats.present import quote_context

EDITOR_RULE = "editor"


def locate(text: str, start: int, end: int, quote_text: str) -> tuple[int, int] | None:
    """Where ``quote_text`` is in ``text``: at (start, end) if still there, else its first place."""
    if text[start:end] == quote_text:
        return start, end
    found = text.find(quote_text) if quote_text else -1
    return (found, found + len(quote_text)) if found >= 0 else None


def editor_speaker(name: str | None) -> dict[str, Any] | None:
    if name is None:
        return None
    return {
        "name": name,
        "mention": None,
        "role": None,
        "affiliation": None,
        "resolved_by": "none",  # named by an editor, not found in the text
        "entity": None,
    }


def apply_corrections(
    text: str, machine: Iterable[Mapping[str, Any]], corrections: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The quotes served: machine quotes (``origin`` machine) with edits and drops applied,
    then added ones (``origin`` editor, ids ``e<n>``), in text order."""
    by_span: dict[tuple[int, int], dict[str, Any]] = {}
    for original in machine:
        copy = {**original, "origin": "machine", "corrected": False}
        by_span[(original["start"], original["end"])] = copy
    added: list[dict[str, Any]] = []
    for fix in sorted(corrections, key=lambda c: c["id"]):
        span = locate(text, fix["start"], fix["end"], fix["quote_text"])
        if span is None:
            continue
        if fix["action"] == "add":
            added.append(_added(fix, span, text))
            continue
        quote: dict[str, Any] | None = by_span.get(span)
        if quote is None:
            continue
        if fix["action"] == "drop":
            del by_span[span]
            continue
        if fix["type"] is not None:
            quote["type"] = fix["type"]
        if fix["speaker_set"]:
            quote["speaker"] = editor_speaker(fix["speaker"])
        quote["corrected"] = True
    served = [*by_span.values(), *added]
    served.sort(key=lambda q: (q["start"], q["end"], q["id"]))
    return served


def _added(fix: Mapping[str, Any], span: tuple[int, int], text: str) -> dict[str, Any]:
    start, end = span
    index = TextIndex(text)
    return {
        "id": f"e{fix['id']}",
        "start": start,
        "end": end,
        "text": text[start:end],
        "type": fix["type"] or "direct",
        "speaker": editor_speaker(fix["speaker"]),
        "cue": None,
        "rule": EDITOR_RULE,
        "confidence": 1.0,
        "origin": "editor",
        "corrected": True,
        # The positions every quote carries, found the way the engine finds its own, so a
        # client reads an editor's quote like any other.
        "paragraph": index.paragraph_at(start),
        "sentence": index.sentence_at(start),
        **quote_context(text, start, end),
    }
