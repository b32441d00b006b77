"""Item 1: nothing hidden. Warnings are marked where they apply and counted; low-confidence
quotes say so in the article, the table and their details."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from .conftest import extract

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Closing marks glued to the next word; the last opening mark is never closed.
GLUED = (
    "Banjir merendam dua kecamatan.\n\n"
    "“Kami sudah siapkan perahu,”ujar Kepala BPBD Darmawan. Warga disebut “siaga”dan “waspada.\n\n"
    "Hujan diperkirakan turun hingga akhir pekan."
)


def test_a_glued_closing_mark_shows_its_warning(page: Page) -> None:
    body = extract(page, GLUED)
    assert [q["text"] for q in body["quotes"]] == ["Kami sudah siapkan perahu,"]
    (warning,) = body["warnings"]
    unread = GLUED.index("“waspada")
    if isinstance(warning, str):
        assert f"offset {unread}" in warning
    else:  # a later API may give positions
        assert unread in (warning.get("start"), warning.get("offset")), json.dumps(warning)

    # Counted in the status and the summary, not "Done" alone.
    status = page.locator("#status")
    assert "1 peringatan" in status.inner_text()
    assert "status-warn" in (status.get_attribute("class") or "")
    assert page.locator("#summary").inner_text() == "1 kutipan · 1 narasumber · 1 peringatan"

    # The unread mark itself is highlighted in the text, with words for screen readers.
    mark = page.locator("#article-view mark.warn")
    assert mark.count() == 1
    assert mark.evaluate("m => m.firstChild.data") == "“"
    assert "tanpa pasangan" in mark.inner_text()
    paragraph = mark.locator("xpath=ancestor::p").inner_text()
    assert paragraph.startswith("“Kami sudah siapkan perahu,”")

    # The list of warnings says where, in the page's language, and goes there.
    item = page.locator("#warning-list li")
    assert item.count() == 1
    assert "paragraf 2" in item.inner_text()
    item.locator("button").click()
    assert page.evaluate("document.activeElement.id") == "warning-0"
    page.click('button[data-lang="en"]')
    assert "paragraph 2" in page.locator("#warning-list li").inner_text()
    assert page.locator("#summary").inner_text() == "1 quote · 1 speaker · 1 warning"


def test_no_warning_no_warning_box(page: Page) -> None:
    extract(page, "“Kami siap,” kata Budi Santoso.")
    assert page.locator("#warnings").is_hidden()
    assert page.locator("#article-view mark.warn").count() == 0
    assert "peringatan" not in page.locator("#summary").inner_text()


def test_low_confidence_quotes_are_marked(page: Page) -> None:
    article = (
        "“Kami siap menghadapi banjir,” kata Budi Santoso.\n\nHujan turun sejak pagi.\n\n"
        "“Semua pompa sudah menyala sejak subuh.”\n\nWarga mengungsi."
    )
    body = extract(page, article)
    threshold = page.evaluate("window.kutipResult.LOW_CONFIDENCE")
    low = [q for q in body["quotes"] if q["confidence"] < threshold]
    sure = [q for q in body["quotes"] if q["confidence"] >= threshold]
    assert low and sure, body["quotes"]
    for quote in low:
        mark = page.locator(f'mark[data-quote-id="{quote["id"]}"]')
        assert "low" in (mark.get_attribute("class") or "")
        chip = page.locator(f'button[data-chip-for="{quote["id"]}"]')
        assert "keyakinan rendah" in (chip.get_attribute("aria-label") or "")
        row = page.locator(f'#quote-table tr[data-quote-id="{quote["id"]}"]')
        assert row.locator(".low-tag").inner_text() == "periksa"
    for quote in sure:
        assert page.locator(f'#quote-table tr[data-quote-id="{quote["id"]}"] .low-tag').count() == 0
    assert f"{len(low)} perlu diperiksa" in page.locator("#summary").inner_text()

    page.click(f'button[data-chip-for="{low[0]["id"]}"]')
    assert page.locator("#details-low").is_visible()
    facts = page.locator("#details-facts").inner_text()
    assert f"{round(low[0]['confidence'] * 100)}%" in facts and "keyakinan rendah" in facts


def test_warnings_given_as_objects_are_read_too(page: Page) -> None:
    # The page's own reading of the service's warnings (a later API may send objects).
    result = {
        "text": "Ia berkata “tunggu.",
        "warnings": [
            "unmatched quotation mark at offset 11: the text after it was not read as a quote",
            {"code": "unmatched_mark", "start": 11, "message": "unmatched quotation mark"},
            {"code": "other", "message": "something else"},
        ],
    }
    marks = page.evaluate("r => window.kutipResult.warningMarks(r)", result)
    assert [m["at"] for m in marks] == [11, 11, None]
    assert marks[2]["message"] == "something else"
