"""The Superdesk plugin's UTF-16 offsets, checked by a real JavaScript engine (Chromium's):
``String.prototype.slice`` at an annotation's offsets gives the quote, emoji or not."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kutip.integrations.superdesk import KutipAIService

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
BODY = (
    "<p>Jakarta 🇮🇩 — Persiapan pemilu 😀 berjalan lancar.</p>"
    "<p>&ldquo;Kami siap menghadapi pemilu 🗳️,&rdquo; kata Ketua KPU Budi Santoso.</p>"
    "<p>Ia menambahkan, &ldquo;Semua <em>aman</em> terkendali 👍.&rdquo;</p>"
)
SLICE = "([text, start, end]) => text.slice(start, end)"


def test_annotation_offsets_slice_the_quote_in_javascript(page: Page, live_url: str) -> None:
    item = {"guid": "urn:emoji", "language": "id", "headline": "H", "body_html": BODY}
    analysis = KutipAIService(base_url=live_url).analysis(item)
    assert analysis.answer is not None
    text = analysis.answer["text"]
    paragraphs = text.split("\n\n")
    assert len(analysis.annotations) == 2
    for annotation in analysis.annotations:
        at = annotation["kutip"]
        assert page.evaluate(SLICE, [text, at["start"], at["end"]]) == at["text"]
        block = paragraphs[at["paragraph"]]
        assert (
            page.evaluate(SLICE, [block, at["paragraph_start"], at["paragraph_end"]]) == at["text"]
        )
        # body_html in the browser's own parser: the slice holds the quote's source.
        source = page.evaluate(SLICE, [BODY, at["html_start"], at["html_end"]])
        assert (
            page.evaluate(
                "(html) => { const d = document.createElement('div'); d.innerHTML = html;"
                " return d.textContent; }",
                source,
            )
            == at["text"]
        )
    # Code points would be off by the emoji: the JavaScript slice at them is not the quote.
    first = analysis.answer["quotes"][0]
    assert page.evaluate(SLICE, [text, first["start"], first["end"]]) != first["text"]
