"""Item 4: the "who said what" table beside the text; sortable; a row goes to its quote, a quote
opens its details (rule, cue, confidence, how the speaker was found)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .conftest import PHONE, extract, focus_back_on_chip, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

HOW = {
    "explicit": "disebut langsung di dekat kata pelapor",
    "clitic": "lewat akhiran -nya (katanya, ujarnya)",
    "pronoun": "lewat kata ganti (ia, dia, beliau)",
}


def column(page: Page, name: str) -> list[str]:
    return page.locator(f"#quote-table tbody td.col-{name}").all_inner_texts()


def row_ids(page: Page) -> list[str]:
    rows = page.locator("#quote-table tbody tr")
    return [rows.nth(i).get_attribute("data-quote-id") or "" for i in range(rows.count())]


def test_one_row_per_quote_with_its_columns(page: Page, seed_text: str) -> None:
    body = extract(page, seed_text)
    quotes: list[dict[str, Any]] = body["quotes"]
    assert row_ids(page) == [q["id"] for q in quotes]  # the order of the text
    headers = page.locator("#quote-table th").all_inner_texts()
    assert [h.strip() for h in headers] == [
        "Narasumber", "Jabatan", "Afiliasi", "Jenis", "Kutipan", "Kata pelapor",
    ]  # fmt: skip
    assert column(page, "speaker") == [
        (q["speaker"] or {}).get("name") or "Narasumber tidak diketahui" for q in quotes
    ]
    assert column(page, "role") == [(q["speaker"] or {}).get("role") or "" for q in quotes]
    assert column(page, "affiliation") == [
        (q["speaker"] or {}).get("affiliation") or "" for q in quotes
    ]
    types = {"direct": "LANGSUNG", "indirect": "TIDAK LANGSUNG", "mixed": "CAMPURAN"}
    assert [t.upper() for t in column(page, "type")] == [types[q["type"]] for q in quotes]
    assert column(page, "quote") == [" ".join(q["text"].split()) for q in quotes]
    assert column(page, "cue") == [(q["cue"] or {}).get("word", "") for q in quotes]
    # Beside the text on a desktop: the table's left edge is right of the article's right edge.
    article = page.locator("#article-view").bounding_box()
    table = page.locator(".table-wrap").bounding_box()
    assert article and table and table["x"] >= article["x"] + article["width"]


def test_sorting_by_a_column_both_ways(page: Page, seed_text: str) -> None:
    body = extract(page, seed_text)
    header = page.locator('#quote-table button[data-sort="speaker"]')
    header.click()
    names = column(page, "speaker")
    assert names == sorted(names, key=str.lower)
    th = page.locator("#quote-table th").first
    assert th.get_attribute("aria-sort") == "ascending"
    # The button keeps focus across the redraw, so Enter sorts the other way.
    assert page.evaluate("document.activeElement.dataset.sort") == "speaker"
    page.keyboard.press("Enter")
    assert column(page, "speaker") == sorted(names, key=str.lower, reverse=True)
    assert page.locator("#quote-table th").first.get_attribute("aria-sort") == "descending"
    page.click('#quote-table button[data-sort="cue"]')
    cues = [c for c in column(page, "cue") if c]
    assert cues == sorted(cues, key=str.lower)
    assert len(row_ids(page)) == len(body["quotes"])


def test_a_row_goes_to_its_quote_and_a_quote_opens_its_details(page: Page, seed_text: str) -> None:
    body = extract(page, seed_text)
    quote = body["quotes"][-1]
    row = page.locator(f'#quote-table tr[data-quote-id="{quote["id"]}"]')
    row.click()
    mark = page.locator(f'#article-view mark.current[data-quote-id="{quote["id"]}"]').first
    assert mark.is_visible()
    page.wait_for_function(  # scrolled into view
        "id => { const r = document.querySelector(`mark[data-quote-id='${id}']`)"
        ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
        arg=quote["id"],
    )
    assert page.evaluate("document.activeElement.dataset.chipFor") == quote["id"]

    # By keyboard: a row takes focus, Enter goes, Enter on the chip opens the details.
    first = body["quotes"][0]
    page.locator(f'#quote-table tr[data-quote-id="{first["id"]}"]').focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.chipFor") == first["id"]
    page.keyboard.press("Enter")
    dialog = page.locator("#details")
    assert dialog.is_visible()
    facts = dict(
        zip(
            page.locator("#details-facts dt").all_inner_texts(),
            page.locator("#details-facts dd").all_inner_texts(),
            strict=True,
        )
    )
    assert facts["Aturan"] == first["rule"]
    assert facts["Kata pelapor"] == first["cue"]["word"]
    assert facts["Keyakinan"].startswith(f"{round(first['confidence'] * 100)}%")
    assert facts["Narasumber ditemukan"].startswith(HOW[first["speaker"]["resolved_by"]])
    assert page.locator("#details-quote").inner_text() == first["text"].strip()
    page.keyboard.press("Escape")
    assert dialog.is_hidden()
    focus_back_on_chip(page, first["id"])

    # A click on the words of a quote in the article opens its details too.
    page.locator(f'#article-view mark[data-quote-id="{quote["id"]}"]').first.click()
    assert dialog.is_visible()
    assert page.locator("#details-quote").inner_text() == quote["text"].strip()
    page.click("#details-close")
    assert dialog.is_hidden()


def test_on_a_phone_each_row_is_a_card(browser: Browser, live_url: str, seed_text: str) -> None:
    with open_page(browser, live_url, PHONE) as page:
        body = extract(page, seed_text)
        assert page.locator("#quote-table tbody tr").count() == len(body["quotes"])
        wrap = page.locator(".table-wrap")
        # Nothing to scroll sideways inside the table either.
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth + 1")
        first = page.locator("#quote-table tbody tr").first
        speaker = first.locator("td.col-speaker").bounding_box()
        quote = first.locator("td.col-quote").bounding_box()
        card = first.bounding_box()
        assert speaker and quote and card
        # A card: the cells stacked, each as wide as the card, the speaker above the quote.
        assert quote["y"] >= speaker["y"] + speaker["height"] - 1
        assert quote["width"] >= card["width"] * 0.8
        # A detail names its column; an empty one is left out.
        label = page.evaluate(
            "() => getComputedStyle(document.querySelector("
            "'#quote-table tbody td.col-cue:not(:empty)'), '::before').content"
        )
        assert label == '"Kata pelapor: "'
        empty = page.locator("#quote-table tbody td:empty")
        assert all(not empty.nth(i).is_visible() for i in range(empty.count()))
        # Sorting still works from the buttons above the cards.
        page.locator('#quote-table button[data-sort="speaker"]').click()
        names = column(page, "speaker")
        assert names == sorted(names, key=str.lower)
    with open_page(browser, live_url) as page:  # a desktop keeps the table
        extract(page, seed_text)
        display = page.evaluate(
            "() => getComputedStyle(document.querySelector('#quote-table tbody td')).display"
        )
        assert display == "table-cell"
