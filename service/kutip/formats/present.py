"""What a caller gets back for an article: the engine's result plus what its format asks for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from kutip.formats.highlight import highlight_html, render_text
from kutip.formats.html import HtmlText

__all__ = ["CONTEXT_CHARS", "Output", "present_result", "quote_context"]

Output = Literal["json", "html"]
# How much text a quote's prefix and suffix carry (code points). The W3C Web Annotation model
# leaves the length to the implementer; 32 is what annotation clients such as Hypothesis keep,
# enough to tell apart the same words quoted twice in one article.
CONTEXT_CHARS = 32


def present_result(
    result: Mapping[str, Any],
    *,
    text: str,
    markup: HtmlText | None = None,
    output: Output = "json",
    include_text: bool = False,
) -> dict[str, Any]:
    """A copy of ``result`` (``Result.to_dict()`` shape) with:

    * ``prefix``/``suffix`` on every quote: the text just before and after it (a W3C
      ``TextQuoteSelector`` is ``{exact: text, prefix, suffix}``), so a client can find the
      quote again in an edited copy of the article;
    * ``text``: the plain text the offsets index, when the article came as HTML (``markup``) or
      when ``include_text`` asks for it;
    * ``html_start``/``html_end`` on every quote when the article came as HTML: offsets into the
      original HTML string (inline markup inside the quote included), or None when the quote
      runs over more than one paragraph;
    * ``html``: the article with its quotes marked, when ``output`` is ``"html"`` (HTML articles
      keep their own markup, plain text becomes ``<p>`` paragraphs).
    """
    body = dict(result)
    quotes = [
        {**quote, **quote_context(text, quote["start"], quote["end"])} for quote in body["quotes"]
    ]
    if markup is not None:
        quotes = [_with_html_offsets(markup, quote) for quote in quotes]
    body["quotes"] = quotes
    if markup is not None or include_text:
        body["text"] = text
    if output == "html":
        body["html"] = highlight_html(markup, quotes) if markup else render_text(text, quotes)
    return body


def quote_context(text: str, start: int, end: int, size: int = CONTEXT_CHARS) -> dict[str, str]:
    """``prefix`` and ``suffix``: up to ``size`` code points either side of ``text[start:end]``."""
    return {"prefix": text[max(0, start - size) : start], "suffix": text[end : end + size]}


def _with_html_offsets(markup: HtmlText, quote: Mapping[str, Any]) -> dict[str, Any]:
    span = markup.source_range(quote["start"], quote["end"])
    start, end = span if span else (None, None)
    return {**quote, "html_start": start, "html_end": end}
