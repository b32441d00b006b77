"""Helpers shared by the format tests."""

from __future__ import annotations

import html
from typing import Any


def as_html(text: str) -> str:
    """The article as a CMS would store it: <p> per line, typographic marks as named entities,
    an inline tag, a script, a figure and a comment that must all be ignored."""
    paragraphs = [line for line in text.split("\n") if line.strip()]
    body = []
    for n, line in enumerate(paragraphs):
        escaped = html.escape(line, quote=False).replace("“", "&ldquo;").replace("”", "&rdquo;")
        body.append(f"<p>{escaped}</p>")
        if n == 1:
            body.append(
                '<figure><img src="x.jpg"><figcaption>Foto “kata dia”</figcaption></figure>'
            )
        if n == 2:
            body.append("<script>document.write('<p>“Bukan kutipan,” kata Skrip.</p>')</script>")
            body.append("<!-- “komentar,” kata Redaksi -->")
    return '<div class="entry-content">\n' + "\n".join(body) + "\n</div>"


def check_offsets(text: str, result: dict[str, Any]) -> None:
    """Every quote's offsets index the text the engine read."""
    for quote in result["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
