"""The page for journalists in a real browser: paste, extract, read the highlights."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import ARTIFACTS, api_extract, extract

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# The text of each quote as the page shows it: text nodes inside its marks, chips left out.
MARKED_TEXT = """() => {
  const out = {};
  for (const mark of document.querySelectorAll('#article-view mark.quote')) {
    const id = mark.dataset.quoteId;
    const walker = document.createTreeWalker(mark, NodeFilter.SHOW_TEXT);
    let text = '';
    while (walker.nextNode()) {
      if (!walker.currentNode.parentElement.closest('.chip')) text += walker.currentNode.data;
    }
    out[id] = (out[id] || '') + text;
  }
  return out;
}"""


def flat(text: str) -> str:
    """A quote over several paragraphs is shown as one mark per paragraph."""
    return "".join(text.splitlines())


def speaker_names(page: Page) -> list[str]:
    return page.locator("#speaker-list .speaker-name").all_inner_texts()


def test_seed_article_is_highlighted_by_speaker(page: Page, live_url: str, seed_text: str) -> None:
    expected = api_extract(live_url, {"text": seed_text})
    assert len(expected["quotes"]) >= 4
    assert extract(page, seed_text)["quotes"] == expected["quotes"]

    shown: dict[str, str] = page.evaluate(MARKED_TEXT)
    assert shown == {q["id"]: flat(q["text"]) for q in expected["quotes"]}
    for quote in expected["quotes"]:
        mark = page.locator(f'#article-view mark[data-quote-id="{quote["id"]}"]').first
        assert mark.get_attribute("data-type") == quote["type"]
        assert mark.get_attribute("data-speaker") == (quote["speaker"] or {}).get("name", "")
    assert page.locator("#article-view .chip").count() == len(expected["quotes"])

    names = speaker_names(page)
    assert names == [s["name"] for s in expected["speakers"] if s["quotes"]]
    assert any("Stoltenberg" in name for name in names)
    assert any("Biden" in name for name in names)
    counts = page.locator("#speaker-list .speaker-count").all_inner_texts()
    assert counts[0] == f"{len(expected['speakers'][0]['quotes'])} kutipan"

    # Each quote in its speaker's colour: marks of one speaker share it, two speakers differ.
    colour = "el => getComputedStyle(el).getPropertyValue('--speaker')"
    by_speaker: dict[str, set[str]] = {}
    for quote in expected["quotes"]:
        mark = page.locator(f'#article-view mark[data-quote-id="{quote["id"]}"]').first
        by_speaker.setdefault(quote["speaker"]["entity"], set()).add(mark.evaluate(colour))
    assert all(len(colours) == 1 for colours in by_speaker.values())
    assert len(set.union(*by_speaker.values())) == len(by_speaker)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-seed-article.png"), full_page=True)


def test_speaker_list_jumps_to_each_quote_in_turn(
    page: Page, live_url: str, seed_text: str
) -> None:
    expected = api_extract(live_url, {"text": seed_text})
    speaker = max(expected["speakers"], key=lambda s: len(s["quotes"]))
    extract(page, seed_text)
    button = page.locator(f'#speaker-list button[data-speaker-key="{speaker["id"]}"]')
    button.focus()
    visited = []
    for _ in range(len(speaker["quotes"]) + 1):  # Enter again and again: every quote, then over
        page.keyboard.press("Enter")
        current = page.locator("#article-view mark.current")
        assert current.first.is_visible()
        visited.append(current.first.get_attribute("data-quote-id"))
        assert page.evaluate("document.activeElement.dataset.speakerKey") == speaker["id"]
    assert visited == [*speaker["quotes"], speaker["quotes"][0]]
    assert button.locator(".speaker-position").inner_text() == f"1 dari {len(speaker['quotes'])}"
    first = next(q for q in expected["quotes"] if q["id"] == speaker["quotes"][0])
    assert page.locator("#announcer").inner_text().endswith(first["text"])


HOSTILE = (
    "Judul <script>window.__pwned = 1</script>\n\n"
    '“Kami <img src=x onerror="window.__pwned = 2"> siap,” kata Budi Santoso.\n\n'
    '<b onmouseover="window.__pwned = 3">tebal</b> &lt;i&gt;'
)


def test_hostile_text_stays_inert(page: Page) -> None:
    assert extract(page, HOSTILE)["quotes"]
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#article-view *:not(p):not(mark):not(span):not(button.chip)").count() == 0
    article = page.locator("#article-view").inner_text()
    assert '<img src=x onerror="window.__pwned = 2">' in article
    assert "<script>window.__pwned = 1</script>" in article and "&lt;i&gt;" in article
    shown = page.evaluate(MARKED_TEXT)
    assert '<img src=x onerror="window.__pwned = 2">' in "".join(shown.values())
    page.hover("#article-view")
    assert page.evaluate("window.__pwned") is None


def test_html_input_is_read_as_html(page: Page) -> None:
    source = (
        "<article><h1>Judul</h1><p>&ldquo;Kami <em>sudah</em> siap,&rdquo; kata Budi Santoso.</p>"
        '<img src=x onerror="window.__pwned = 4"><script>window.__pwned = 5</script></article>'
    )
    assert extract(page, source)["text"].startswith("Judul\n\n“Kami sudah siap,”")
    assert page.locator("#format-indicator").inner_text() == "Format: HTML"
    assert page.evaluate("window.__pwned") is None
    paragraphs = page.locator("#article-view p").all_inner_texts()
    assert paragraphs[0] == "Judul"
    assert paragraphs[1].startswith("“Kami sudah siap,”")
    assert page.evaluate(MARKED_TEXT) == {"q1": "Kami sudah siap,"}


def test_keyboard_language_and_download(page: Page, tmp_path: Path) -> None:
    page.focus("#article-input")
    article = "“Harga beras stabil,” kata Menteri Perdagangan Budi Santoso."
    page.keyboard.insert_text(article)
    with page.expect_response("**/v1/extract") as answer:
        page.keyboard.press("Control+Enter")
    page.wait_for_selector("#article-view mark")
    (quote,) = answer.value.json()["quotes"]
    assert article[quote["start"] : quote["end"]] == quote["text"] == "Harga beras stabil,"
    assert page.locator("#extract-button").inner_text() == "Temukan kutipan"

    page.click('button[data-lang="en"]')
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#extract-button").inner_text() == "Find quotes"
    assert page.locator("#article-view .chip-type").first.inner_text().lower() == "direct"
    page.click('button[data-lang="id"]')
    assert page.locator("#article-view .chip-type").first.inner_text().lower() == "langsung"

    with page.expect_download() as info:
        page.click("#export-json")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    body: dict[str, Any] = json.loads(saved.read_text(encoding="utf-8"))
    assert [q["text"] for q in body["quotes"]] == ["Harga beras stabil,"]
    assert body["text"].startswith("“Harga beras stabil,”")


def test_errors_are_shown_with_the_services_reason(page: Page) -> None:
    page.click("#extract-button")
    assert page.locator("#status").inner_text() == "Tempel artikel terlebih dahulu."
    page.fill("#article-input", "<div><script>document.title = 'x'</script></div>")
    page.click("#extract-button")
    status = page.locator("#status.status-error")
    status.wait_for()
    assert status.inner_text() == "Gagal: HTML itu tidak memuat teks."  # code html_empty
    page.click('button[data-lang="en"]')
    assert status.inner_text() == "Failed: The HTML holds no text."
    assert page.locator("#results").is_hidden()


def test_offsets_in_code_points_land_on_the_words(page: Page) -> None:
    # The service counts code points; an emoji is two UTF-16 units in the browser.
    article = "😀🇮🇩 Laporan.\n\n“Kami siap 💪,” kata Budi Santoso. “Ya,” ujarnya."
    quotes = extract(page, article)["quotes"]
    assert len(quotes) == 2
    assert page.evaluate(MARKED_TEXT) == {q["id"]: q["text"] for q in quotes}


def test_crossing_quotes_are_split_and_stay_nested(page: Page) -> None:
    marks = [{"start": 2, "end": 8, "index": 0}, {"start": 5, "end": 12, "index": 1}]
    ops = page.evaluate("m => window.kutipArticle.operations(0, 14, m)", marks)
    steps = [(op["at"], "close" if op["close"] else "open", op["mark"]["index"]) for op in ops]
    assert steps == [
        (2, "open", 0),
        (5, "open", 1),
        (8, "close", 1),
        (8, "close", 0),
        (8, "open", 1),
        (12, "close", 1),
    ]
