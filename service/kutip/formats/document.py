"""One article as kutip reads it: its plain text and, when it came as HTML, the offset map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from kutip.formats.html import HtmlText, html_to_text

__all__ = ["Document", "add_html_offsets", "lone_surrogate"]

_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def lone_surrogate(value: str) -> int | None:
    """Where ``value`` holds an unpaired surrogate (not valid Unicode), or None.

    A text or an id is echoed, logged and encoded as UTF-8: every reader checks it here.
    """
    bad = _SURROGATE.search(value)
    return None if bad is None else bad.start()


@dataclass(frozen=True, eq=False)
class Document:
    """An article ready for the engine.

    ``text`` is what the engine reads (every result offset indexes it). ``markup`` is set when the
    body was HTML: it holds the original HTML string and maps spans of ``text`` back into it.
    """

    id: str | None
    text: str
    headline: str | None = None
    language: str | None = None
    markup: HtmlText | None = None

    @classmethod
    def from_text(cls, text: str, **meta: Any) -> Document:
        return cls(text=text, **_meta(meta))

    @classmethod
    def from_html(cls, source: str, **meta: Any) -> Document:
        markup = html_to_text(source)
        return cls(text=markup.text, markup=markup, **_meta(meta))

    @property
    def html(self) -> str | None:
        """The original HTML string, or None when the article came as plain text."""
        return self.markup.html if self.markup else None

    def html_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Offsets into :attr:`html` of ``text[start:end]`` when it lies in one run of text."""
        return self.markup.source_span(start, end) if self.markup else None


def _meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(meta) - {"id", "headline", "language"}
    if unknown:
        raise TypeError(f"unknown document fields: {', '.join(sorted(unknown))}")
    return {
        "id": meta.get("id"),
        "headline": meta.get("headline"),
        "language": meta.get("language"),
    }


def add_html_offsets(document: Document, result: dict[str, Any]) -> dict[str, Any]:
    """Give every quote of an engine result (``Result.to_dict()``) its ``html_start``/``html_end``.

    Both are None when the quote crosses a paragraph break (inline markup inside is kept in
    ``html[html_start:html_end]``); the result is returned unchanged (no keys added)
    when the document was not HTML.
    """
    if document.markup is None:
        return result
    for quote in result.get("quotes", []):
        span = document.markup.source_range(quote["start"], quote["end"])
        quote["html_start"], quote["html_end"] = span if span else (None, None)
    return result
