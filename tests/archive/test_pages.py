"""The archive's pages in Debian's Chromium (Playwright): search with filters and paging, the
sentence around each quote, the speaker page with its timeline, the article view, languages,
and stored text that stays text."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from werkzeug.serving import make_server

from tests.archive.conftest import make_archive_app
from tests.web.conftest import chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

expect = pytest.importorskip("playwright.sync_api", reason="playwright is missing").expect

pytestmark = pytest.mark.browser

ARTICLES = [
    {
        "id": "https://berita.example.id/2024/01/beras",
        "outlet": "Kompas",
        "headline": "Harga beras",
        "published_at": "2024-01-10T08:00:00Z",
        "text": "“Harga beras harus turun,” kata Presiden Joko Widodo.\n\n"
        "Menurut Jokowi, stok pangan cukup sampai akhir tahun.",
    },
    {
        "id": "t-1",
        "outlet": "Tempo",
        "published_at": "2024-03-10T08:00:00Z",
        "text": "“Kami akan memeriksa <b>harga</b> beras di pasar,” kata Jokowi di Solo.",
    },
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A Chromium of this module's own, closed when the module ends so tests/web can start
    Playwright again; tests/web's, if that is already open (see chromium())."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def archive_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory: Path = tmp_path_factory.mktemp("pages")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("KUTIP_API_KEYS", "KUTIP_DATABASE_URL"):
            patch.delenv(name, raising=False)
        app = make_archive_app(f"sqlite:///{directory / 'archive.sqlite3'}")
    client = app.test_client()
    for article in ARTICLES:
        assert client.post("/v1/articles", json=article).status_code == 201
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert not errors, errors


def test_search_shows_quotes_in_their_sentence_and_filters(page: Page, archive_url: str) -> None:
    page.goto(archive_url + "/archive")
    results = page.locator(".archive-result")
    expect(results).to_have_count(3)
    page.fill("#q", "harga beras")
    page.click("#search-button")
    expect(page.locator(".archive-result")).to_have_count(2)
    first = results.first
    assert first.locator("mark").inner_text() == "Kami akan memeriksa <b>harga</b> beras di pasar,"
    assert first.locator("b").count() == 0  # stored text stays text
    assert "kata Jokowi di Solo" in first.locator("blockquote").inner_text()
    assert "Tempo" in first.locator(".meta").inner_text()
    assert "q=harga+beras" in page.url
    page.fill("#q", "")
    page.select_option("#type", "indirect")
    page.click("#search-button")
    expect(page.locator(".archive-result")).to_have_count(1)
    assert "stok pangan" in results.first.inner_text()


def test_paging_loads_the_next_quotes(page: Page, archive_url: str) -> None:
    page.goto(archive_url + "/archive?speaker=Jokowi&limit=2")
    results = page.locator(".archive-result")
    expect(results).to_have_count(2)
    page.click("#more")
    expect(results).to_have_count(3)
    expect(page.locator("#more")).to_be_hidden()
    texts = [results.nth(i).locator("mark").inner_text() for i in range(3)]
    assert len(set(texts)) == 3  # no quote twice


def test_the_speaker_page_has_their_quotes_over_time(page: Page, archive_url: str) -> None:
    page.goto(archive_url + "/archive?q=pasar")
    page.locator(".speaker-link").first.click()
    page.wait_for_url("**/archive/speakers/*")
    expect(page.locator(".archive-result")).to_have_count(3)
    assert page.locator("#subject-title").inner_text() == "Joko Widodo"
    assert "Jokowi" in page.locator("#subject-meta").inner_text()
    bars = page.locator("#timeline rect")
    assert bars.count() == 2
    assert [bars.nth(i).get_attribute("data-month") for i in range(2)] == ["2024-01", "2024-03"]
    assert [bars.nth(i).get_attribute("data-count") for i in range(2)] == ["2", "1"]


def test_the_article_view_marks_its_quotes(page: Page, archive_url: str) -> None:
    page.goto(archive_url + "/archive?q=turun")
    page.locator(".article-link").first.click()
    page.wait_for_url("**/archive/articles/**")
    page.locator("#article-text mark").first.wait_for()
    assert page.locator("#subject-title").inner_text() == "Harga beras"
    marks = page.locator("#article-text mark")
    assert [marks.nth(i).inner_text() for i in range(marks.count())] == [
        "Harga beras harus turun,",
        "stok pangan cukup sampai akhir tahun",
    ]
    assert page.locator("#article-text p").count() == 2


def test_the_language_switch_is_shared_with_the_main_page(page: Page, archive_url: str) -> None:
    page.goto(archive_url + "/archive")
    page.click("button[data-lang='en']")
    assert page.locator("#search-title").inner_text() == "Search quotes"
    page.locator(".archive-result .type").first.wait_for()
    assert page.locator(".archive-result .type").first.inner_text().lower() in (
        "direct",
        "indirect",
    )
    page.goto(archive_url + "/archive")
    assert page.locator("#search-title").inner_text() == "Search quotes"
    assert page.locator("html").get_attribute("lang") == "en"
