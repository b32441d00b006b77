"""What a caller gets back for an article: the engine's result plus what its format asks for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from kutip.formats.highlight import highlight_html, render_text
from kutip.formats.html import HtmlText

__all__ = ["Output", "present_result"]

Output = Literal["json", "html"]


def present_result(
    result: Mapping[str, Any],
    *,
    text: str,
    markup: HtmlText | None = None,
    output: Output = "json",
    include_text: bool = False,
) -> dict[str, Any]:
    """A copy of ``result`` (``Result.to_dict()`` shape) with:

    * ``text``: the plain text the offsets index, when the article came as HTML (``markup``) or
      when ``include_text`` asks for it;
    * ``html_start``/``html_end`` on every quote when the article came as HTML: offsets into the
      original HTML string, or None when the quote crosses markup;
    * ``html``: the article with its quotes marked, when ``output`` is ``"html"`` (HTML articles
      keep their own markup, plain text becomes ``<p>`` paragraphs).
    """
    body = dict(result)
    if markup is not None:
        body["quotes"] = [_with_html_offsets(markup, quote) for quote in result["quotes"]]
    if markup is not None or include_text:
        body["text"] = text
    if output == "html":
        quotes = body["quotes"]
        body["html"] = highlight_html(markup, quotes) if markup else render_text(text, quotes)
    return body


def _with_html_offsets(markup: HtmlText, quote: Mapping[str, Any]) -> dict[str, Any]:
    span = markup.source_span(quote["start"], quote["end"])
    start, end = span if span else (None, None)
    return {**quote, "html_start": start, "html_end": end}
