"""Quotes as HTML: each quote wrapped in ``<mark>`` (or ``<q>``) with its speaker and type.

Two renderings:

* :func:`render_text` turns the plain text into ``<p>`` paragraphs (one per line) and marks the
  quotes in it;
* :func:`highlight_html` keeps an HTML article's own markup and inserts the marks into it, around
  the runs of text each quote covers (so the result is always well-formed where the input was).

A quote that runs over several paragraphs (or crosses inline tags) becomes several elements that
share one ``data-quote-id``. Overlapping quotes nest. Every attribute value and every piece of
text is escaped.
"""

from __future__ import annotations

import bisect
import html as html_lib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

import regex

from kutip.formats.document import Document
from kutip.formats.html import HtmlText

__all__ = ["highlight_html", "render_document", "render_text"]

Tag = Literal["mark", "q"]
_LINE = regex.compile(r"[^\n\r\u2028\u2029]+")


@dataclass(frozen=True, slots=True)
class _Mark:
    index: int
    start: int
    end: int
    open_tag: str


@dataclass(frozen=True, slots=True)
class _Op:
    position: int
    closing: bool
    mark: _Mark


def _attr(name: str, value: object) -> str:
    return f' {name}="{html_lib.escape(str(value), quote=True)}"'


def _marks(quotes: Sequence[Mapping[str, Any]], tag: Tag) -> list[_Mark]:
    marks = []
    for index, quote in enumerate(quotes):
        start, end = int(quote["start"]), int(quote["end"])
        if start >= end:
            continue
        kind = str(quote.get("type") or "direct")
        speaker = quote.get("speaker") or {}
        attrs = _attr("class", f"kutip-quote kutip-{kind}") + _attr("data-type", kind)
        attrs += _attr("data-quote-id", quote.get("id", f"q{index + 1}"))
        if speaker.get("name"):
            attrs += _attr("data-speaker", speaker["name"])
        if speaker.get("entity"):
            attrs += _attr("data-speaker-id", speaker["entity"])
        marks.append(_Mark(index, start, end, f"<{tag}{attrs}>"))
    return marks


def _operations(regions: Sequence[tuple[int, int]], marks: Sequence[_Mark]) -> list[_Op]:
    """Open/close operations, region by region, properly nested within each region."""
    starts = [r[0] for r in regions]
    per_region: dict[int, list[_Mark]] = {}
    for mark in marks:
        first = max(0, bisect.bisect_right(starts, mark.start) - 1)
        for i in range(first, len(regions)):
            begin, end = regions[i]
            if begin >= mark.end:
                break
            if end > mark.start:
                per_region.setdefault(i, []).append(mark)
    ops: list[_Op] = []
    for i in sorted(per_region):
        begin, end = regions[i]
        inside = per_region[i]
        points = sorted(
            {begin, end} | {p for m in inside for p in (m.start, m.end) if begin < p < end}
        )
        stack: list[_Mark] = []
        for a, b in pairwise(points):
            active = sorted(
                (m for m in inside if m.start <= a and m.end >= b),
                key=lambda m: (m.start, -m.end, m.index),
            )
            keep = 0
            while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
                keep += 1
            ops.extend(_Op(a, True, m) for m in reversed(stack[keep:]))
            ops.extend(_Op(a, False, m) for m in active[keep:])
            stack = active
        ops.extend(_Op(end, True, m) for m in reversed(stack))
    return ops


def _close_tag(mark: _Mark) -> str:
    return "</" + mark.open_tag[1 : mark.open_tag.index(" ")] + ">"


def render_text(text: str, quotes: Sequence[Mapping[str, Any]], *, tag: Tag = "mark") -> str:
    """The plain ``text`` as ``<p>`` paragraphs with every quote marked."""
    paragraphs = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    ops = _operations(paragraphs, _marks(quotes, tag))
    out = ['<article class="kutip-article">']
    k = 0
    for begin, end in paragraphs:
        out.append("<p>")
        cursor = begin
        while k < len(ops) and ops[k].position <= end:
            op = ops[k]
            out.append(html_lib.escape(text[cursor : op.position], quote=False))
            out.append(_close_tag(op.mark) if op.closing else op.mark.open_tag)
            cursor = op.position
            k += 1
        out.append(html_lib.escape(text[cursor:end], quote=False))
        out.append("</p>\n")
    out.append("</article>\n")
    return "".join(out)


def highlight_html(
    markup: HtmlText, quotes: Sequence[Mapping[str, Any]], *, tag: Tag = "mark"
) -> str:
    """The original HTML with marks inserted around the text of every quote."""
    ops = _operations(markup.runs(), _marks(quotes, tag))
    placed = sorted(
        (markup.source_offset(op.position, closing=op.closing), n, op) for n, op in enumerate(ops)
    )
    out = []
    cursor = 0
    for offset, _, op in placed:
        out.append(markup.html[cursor:offset])
        out.append(_close_tag(op.mark) if op.closing else op.mark.open_tag)
        cursor = offset
    out.append(markup.html[cursor:])
    return "".join(out)


def render_document(
    document: Document, quotes: Sequence[Mapping[str, Any]], *, tag: Tag = "mark"
) -> str:
    """HTML articles keep their markup; plain-text articles become paragraphs."""
    if document.markup is not None:
        return highlight_html(document.markup, quotes, tag=tag)
    return render_text(document.text, quotes, tag=tag)
