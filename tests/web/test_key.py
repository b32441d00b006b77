"""Item 2: with KUTIP_API_KEYS set, the page asks for a key on 401, keeps it in this tab only
(sessionStorage) and sends it as X-API-Key."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .conftest import API_KEY, open_page, said

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ARTICLE = "“Harga beras stabil,” kata Menteri Perdagangan Budi Santoso."


def press_extract(page: Page) -> tuple[int, str | None]:
    """Press the button; the status of the answer and the X-API-Key the request carried."""
    with page.expect_response("**/v1/extract") as answer:
        page.click("#extract-button")
    response = answer.value
    return response.status, response.request.headers.get("x-api-key")


def test_entering_the_key_gets_the_quotes(browser: Browser, keyed_url: str) -> None:
    with open_page(browser, keyed_url) as page:
        assert page.locator("#key-panel").is_hidden()  # never asked before the service asks
        page.fill("#article-input", ARTICLE)
        assert press_extract(page) == (401, None)
        status = page.locator("#status.status-error")
        assert status.inner_text() == (
            "Gagal: Layanan ini meminta kunci API. Masukkan kunci di bawah."
        )
        assert page.locator("#key-panel").is_visible()
        assert page.locator("#key-refused").is_hidden()
        assert page.evaluate("document.activeElement.id") == "key-input"
        assert page.locator("#key-input").get_attribute("type") == "password"
        assert page.locator("label[for=key-input]").inner_text() == "Kunci API"
        assert page.locator("#results").is_hidden()

        # A wrong key: refused, said so, asked again.
        page.fill("#key-input", "salah")
        with page.expect_response("**/v1/extract") as answer:
            page.keyboard.press("Enter")
        assert answer.value.status == 401
        assert answer.value.request.headers.get("x-api-key") == "salah"
        said(page, "#status", "Gagal: Kunci API tidak diterima.")
        assert page.locator("#key-refused").is_visible()

        # The right key: the quotes.
        page.fill("#key-input", API_KEY)
        with page.expect_response("**/v1/extract") as answer:
            page.click("#key-use")
        assert answer.value.status == 200
        assert answer.value.request.headers.get("x-api-key") == API_KEY
        page.wait_for_selector("#results:not([hidden])")
        assert page.locator("#article-view mark.quote").count() == 1
        assert page.locator("#key-panel").is_hidden()

        # Kept for this tab only: sessionStorage, never localStorage or a cookie.
        assert page.evaluate("sessionStorage.getItem('kutip.apiKey')") == API_KEY
        assert API_KEY not in page.evaluate("JSON.stringify(localStorage)")
        assert not page.context.cookies()
        assert press_extract(page) == (200, API_KEY)  # and sent again without asking

        # A reload in the same tab keeps it; a new tab does not have it.
        page.reload()
        page.fill("#article-input", ARTICLE)
        assert press_extract(page) == (200, API_KEY)
        other = page.context.new_page()
        other.goto(keyed_url)
        assert other.evaluate("sessionStorage.getItem('kutip.apiKey')") is None

        # Forgotten on request.
        page.click("#key-forget")
        assert page.evaluate("sessionStorage.getItem('kutip.apiKey')") is None
        assert press_extract(page) == (401, None)


def test_no_key_field_when_the_service_wants_none(page: Page) -> None:
    page.fill("#article-input", ARTICLE)
    assert press_extract(page) == (200, None)
    assert page.locator("#key-panel").is_hidden()
    assert page.locator("#key-forget").is_hidden()
