"""Item 3: every message in the chosen language, the service's included. The page translates the
problem's `code` (and a 422's `codes`); the English `detail` never reaches an Indonesian page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from werkzeug.http import HTTP_STATUS_CODES

from kutip.api.errors import code_for
from kutip.api.problem_codes import FALLBACK, FIELD_CODES

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SERVICE = Path(__file__).resolve().parents[2] / "service" / "kutip"
# The service's modules: the API's, and the archive's (whose EditError the routes answer with).
SOURCES = ("api", "archive")
# Codes the service can answer with: each literal one in its source, and those werkzeug's
# statuses give (a 404 or 405 from routing, a 413 from the body limit).
RAISED = re.compile(r'(?:ApiError|EditError|problem_response|problem)\(\s*\d{3},\s*"([a-z_]+)"')


def service_codes() -> set[str]:
    paths = [path for folder in SOURCES for path in (SERVICE / folder).glob("*.py")]
    found = {m for path in paths for m in RAISED.findall(path.read_text())}
    # The archive's routes and its editing module are read (a code only they raise is wanted).
    assert {"archive_not_configured", "quote_not_found", "empty_span"} <= found
    assert {"unauthorized", "malformed_json", "validation_error", "not_ready"} <= found
    return found | {code_for(status) for status in (404, 405, 413, 429)}


def test_both_languages_have_every_label_and_every_code(page: Page) -> None:
    labels = page.evaluate("window.KUTIP_LABELS")
    assert set(labels) == {"id", "en"}
    assert set(labels["id"]) == set(labels["en"])
    assert all(value.strip() for lang in labels.values() for value in lang.values())
    wanted = {f"err_{code}" for code in service_codes() - {"unauthorized"}}
    wanted |= {f"err_{code}" for code, _ in FIELD_CODES} | {f"err_{FALLBACK}"}
    assert wanted <= set(labels["id"]), sorted(wanted - set(labels["id"]))
    # The two texts of a code differ: an English label copied into Indonesian would pass above.
    same = [key for key in wanted if labels["id"][key] == labels["en"][key]]
    assert not same, same
    assert HTTP_STATUS_CODES[429]  # code_for(429) above is a real status


def problem_message(page: Page, article: str) -> str:
    page.fill("#article-input", article)
    with page.expect_response("**/v1/extract") as answer:
        page.click("#extract-button")
    assert answer.value.status >= 400
    status = page.locator("#status.status-error")
    status.wait_for()
    return status.inner_text()


def test_a_text_too_long_is_said_in_indonesian_then_english(page: Page) -> None:
    page.evaluate("document.getElementById('article-input').value = 'a'.repeat(100001)")
    with page.expect_response("**/v1/extract") as answer:
        page.click("#extract-button")
    assert answer.value.json()["codes"] == {"text": ["text_too_long"]}
    status = page.locator("#status.status-error")
    status.wait_for()
    assert status.inner_text() == "Gagal: Teks lebih panjang dari 100000 karakter."
    page.click('button[data-lang="en"]')
    assert status.inner_text() == "Failed: The text is longer than 100000 characters."
    assert page.locator("#extract-button").inner_text() == "Find quotes"


def test_no_english_detail_on_an_indonesian_page(page: Page) -> None:
    for article, expected in [
        ("<div><script>x</script></div>", "Gagal: HTML itu tidak memuat teks."),
        ("<p>   </p><style>p{}</style>", "Gagal: HTML itu tidak memuat teks."),
    ]:
        assert problem_message(page, article) == expected
    page.fill("#article-input", "")
    page.click("#extract-button")
    assert page.locator("#status").inner_text() == "Tempel artikel terlebih dahulu."


def test_the_interface_itself_switches_language(page: Page) -> None:
    page.click('button[data-lang="en"]')
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title() == "kutip — quotes and speakers"
    checks = {
        "#input-title": "Article",
        "#export-csv": "CSV",
        "#add-button": "Mark a missed quote",
        "#table-title": "Who said what",
        "label[for=key-input]": "API key",
    }
    for selector, text in checks.items():
        assert page.locator(selector).inner_text() == text, selector
    assert page.locator(".toolbar").get_attribute("aria-label") == "Corrections and exports"
    page.reload()  # the choice is remembered
    assert page.locator("#add-button").inner_text() == "Mark a missed quote"
    page.click('button[data-lang="id"]')
    assert page.locator("#add-button").inner_text() == "Tandai kutipan terlewat"
