"""Item 5's last sentence: with an archive, corrections are saved there. The page stores the
article (POST /v1/articles) and sends each correction to the archive's routes; the archive, read
back with GET /v1/articles/<id>, holds them. Without an archive the page is as it was; an
archive that fails says why, in the page's language. A real SQLite archive in tmp_path."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import API_KEY, extract, open_page, said, serve
from .test_a11y import serious

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ARTICLE_ID = "uji-arsip/nato-2023"  # a slash, as ids often are URLs


@pytest.fixture(scope="module")
def archive_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with an SQLite archive, its schema created on start."""
    folder: Path = tmp_path_factory.mktemp("archive")
    database = f"sqlite:///{folder / 'archive.sqlite3'}"
    with serve({"KUTIP_DATABASE_URL": database, "KUTIP_ARCHIVE_UPGRADE": "1"}) as url:
        yield url


def stored(url: str, article_id: str) -> dict[str, Any]:
    """The archive's article, as any client of the API reads it."""
    quoted = urllib.parse.quote(article_id, safe="")
    with urllib.request.urlopen(f"{url}v1/articles/{quoted}", timeout=30) as response:
        body: dict[str, Any] = json.load(response)
    for quote in body["quotes"]:
        assert body["text"][quote["start"] : quote["end"]] == quote["text"]
    return body


def open_quote(page: Page, quote_id: str) -> None:
    page.click(f'button[data-chip-for="{quote_id}"]')
    assert page.locator("#details").is_visible()


def test_without_an_archive_the_page_offers_no_saving(page: Page) -> None:
    extract(page, "“Kami siap menghadapi banjir,” kata Budi Santoso.")
    assert page.locator("body").get_attribute("data-archive") == "off"
    assert page.locator("#archive-button").is_hidden()
    assert page.locator("#archive-form").is_hidden()


def test_corrections_are_saved_to_the_archive(
    browser: Browser, archive_url: str, seed_text: str
) -> None:
    with open_page(browser, archive_url) as page:
        body = extract(page, seed_text)
        quotes = {q["id"]: q for q in body["quotes"]}
        biden = next(s for s in body["speakers"] if s["name"] == "Joe Biden")
        assert quotes["q3"]["speaker"]["name"] != "Joe Biden"

        # In the page: q3 is Biden's, q4 is direct, q1 is no quote, one missed quote typed.
        open_quote(page, "q3")
        page.select_option("#details-speaker", biden["id"])
        page.click("#details-apply")
        page.keyboard.press("Escape")
        open_quote(page, "q4")
        page.select_option("#details-type", "direct")
        page.click("#details-apply")
        page.keyboard.press("Escape")
        open_quote(page, "q1")
        page.click("#details-drop")
        missed = "Para pemimpin Barat juga menyerukan bantuan yang lebih besar."
        page.click("#add-button")
        page.fill("#add-words", missed)
        page.keyboard.press("Enter")
        page.select_option("#details-speaker", "__other__")
        page.fill("#details-name", "Ursula von der Leyen")
        page.click("#details-apply")
        page.keyboard.press("Escape")

        # The form: an id derived from the first words and the text, which the journalist may
        # change; a headline from the first line.
        page.click("#archive-button")
        assert page.locator("#archive-button").get_attribute("aria-expanded") == "true"
        derived = page.locator("#archive-id").input_value()
        assert derived.startswith("dukung-ukraina-sekjen-nato-minta-eropa-tingkatkan-produksi-")
        assert page.locator("#archive-headline").input_value() == seed_text.split("\n")[0]
        assert serious(page) == [], "archive form"
        page.fill("#archive-id", ARTICLE_ID)
        page.click("#archive-send")
        said(
            page,
            "#archive-status",
            f"Tersimpan di arsip sebagai “{ARTICLE_ID}”: 4 koreksi dikirim.",
        )

        article = stored(archive_url, ARTICLE_ID)
        assert article["text"] == seed_text
        assert article["headline"] == seed_text.split("\n")[0]
        by_span = {(q["start"], q["end"]): q for q in article["quotes"]}
        q3 = by_span[(quotes["q3"]["start"], quotes["q3"]["end"])]
        assert q3["speaker"]["name"] == "Joe Biden" and q3["corrected"] is True
        assert by_span[(quotes["q4"]["start"], quotes["q4"]["end"])]["type"] == "direct"
        assert (quotes["q1"]["start"], quotes["q1"]["end"]) not in by_span
        added = [q for q in article["quotes"] if q["origin"] == "editor"]
        assert [(q["text"], q["speaker"]["name"]) for q in added] == [
            (missed, "Ursula von der Leyen")
        ]
        assert len(article["quotes"]) == len(quotes)  # 6, one dropped, one added
        untouched = quotes["q2"]
        q2 = by_span[(untouched["start"], untouched["end"])]
        assert q2["corrected"] is False and q2["speaker"] == untouched["speaker"]

        # Saving again sends nothing new: no quote twice. The status follows the language.
        page.click("#archive-send")
        said(
            page,
            "#archive-status",
            f"Tersimpan di arsip sebagai “{ARTICLE_ID}”; tidak ada koreksi baru untuk dikirim.",
        )
        page.click('button[data-lang="en"]')
        assert page.locator("#archive-status").inner_text() == (
            f"Saved to the archive as “{ARTICLE_ID}”; no new corrections to send."
        )
        again = stored(archive_url, ARTICLE_ID)
        assert again["quotes"] == article["quotes"]


def test_an_archive_that_fails_says_why_in_the_page_language(
    browser: Browser, tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'empty.sqlite3'}"  # configured, never upgraded
    with (
        serve({"KUTIP_DATABASE_URL": database}) as url,
        open_page(browser, url) as page,
    ):
        extract(page, "“Kami siap menghadapi banjir,” kata Budi Santoso.")
        page.click("#archive-button")
        page.fill("#archive-id", "")
        page.click("#archive-send")
        assert page.locator("#archive-status").inner_text() == "Isi id artikel terlebih dahulu."
        page.fill("#archive-id", "a/quotes/b")
        page.keyboard.press("Enter")
        assert page.locator("#archive-status").inner_text().startswith("Id tidak boleh")
        page.fill("#archive-id", "banjir")
        with page.expect_response("**/v1/articles") as answer:
            page.keyboard.press("Enter")
        assert answer.value.status == 503
        assert answer.value.json()["code"] == "archive_not_migrated"
        said(
            page,
            "#archive-status",
            "Gagal menyimpan ke arsip: Basis data arsip belum diperbarui; minta admin "
            "menjalankan `kutip archive upgrade`.",
        )
        page.keyboard.press("Escape")
        assert page.locator("#archive-form").is_hidden()
        assert page.evaluate("document.activeElement.id") == "archive-button"


HTML = (
    "<h1>Banjir &amp; hujan</h1><p>“Kami siap menghadapi banjir,” kata Budi Santoso.</p>"
    "<p>Ia menambahkan, “Semua pompa menyala.”</p>"
)


def test_a_correction_the_archive_refuses_is_said_with_what_was_sent(
    browser: Browser, archive_url: str
) -> None:
    with open_page(browser, archive_url) as page:
        body = extract(page, HTML)  # HTML: the archive is sent the HTML, its text is the page's
        open_quote(page, "q1")
        page.select_option("#details-speaker", "__other__")
        page.fill("#details-name", "Budi " * 61)  # 305 characters: the archive takes 300
        page.click("#details-apply")
        page.keyboard.press("Escape")
        open_quote(page, "q2")
        page.select_option("#details-type", "indirect")
        page.click("#details-apply")
        page.keyboard.press("Escape")
        page.click("#archive-button")
        assert page.locator("#archive-headline").input_value() == "Banjir & hujan"
        page.fill("#archive-id", "banjir-html")
        page.click("#archive-send")
        said(
            page,
            "#archive-status",
            "Artikel tersimpan di arsip, tetapi baru 0 dari 2 koreksi terkirim: "
            "Ada isian dengan panjang yang tidak sah.",
        )
        article = stored(archive_url, "banjir-html")
        assert article["text"] == body["text"]
        assert [q["corrected"] for q in article["quotes"]] == [False, False]
        # A shorter name goes through, and so does the type the first failure held back.
        open_quote(page, "q1")
        page.select_option("#details-speaker", "__other__")
        page.fill("#details-name", "Budi Santosa")
        page.click("#details-apply")
        page.keyboard.press("Escape")
        page.click("#archive-send")
        said(
            page, "#archive-status", "Tersimpan di arsip sebagai “banjir-html”: 2 koreksi dikirim."
        )
        quotes = stored(archive_url, "banjir-html")["quotes"]
        assert [(q["speaker"]["name"], q["type"]) for q in quotes] == [
            ("Budi Santosa", "direct"),
            ("Budi Santoso", "indirect"),
        ]


def test_with_keys_on_the_archive_is_sent_the_key(browser: Browser, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'keyed.sqlite3'}"
    environment = {
        "KUTIP_DATABASE_URL": database,
        "KUTIP_ARCHIVE_UPGRADE": "1",
        "KUTIP_API_KEYS": API_KEY,
    }
    with serve(environment) as url, open_page(browser, url) as page:
        page.fill("#article-input", "“Kami siap menghadapi banjir,” kata Budi Santoso.")
        page.click("#extract-button")
        page.fill("#key-input", API_KEY)
        page.click("#key-use")
        page.wait_for_selector("#results:not([hidden])")
        open_quote(page, "q1")
        page.select_option("#details-type", "mixed")
        page.click("#details-apply")
        page.keyboard.press("Escape")
        page.click("#archive-button")
        page.fill("#archive-id", "banjir")
        with page.expect_request("**/v1/articles/banjir/quotes/q1") as sent:
            page.click("#archive-send")
        assert sent.value.method == "PATCH"
        assert sent.value.headers.get("x-api-key") == API_KEY
        said(page, "#archive-status", "Tersimpan di arsip sebagai “banjir”: 1 koreksi dikirim.")
        request = urllib.request.Request(f"{url}v1/articles/banjir", headers={"X-API-Key": API_KEY})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert [q["type"] for q in json.load(response)["quotes"]] == ["mixed"]
