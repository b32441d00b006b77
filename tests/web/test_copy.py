"""Item 6: copy a quote with its attribution, as a sentence a journalist pastes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .conftest import extract, open_page, said

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

ARTICLE = (
    "“Harga beras stabil,” kata Menteri Perdagangan Budi Santoso.\n\n"
    "Kapolres Bogor AKBP Rio Wahyu Anggoro mengatakan arus lalu lintas sudah normal."
)


def test_copy_with_attribution_puts_the_sentence_on_the_clipboard(
    browser: Browser, live_url: str
) -> None:
    permissions = ["clipboard-read", "clipboard-write"]
    with open_page(browser, live_url, permissions=permissions) as page:
        body = extract(page, ARTICLE)
        direct, indirect = body["quotes"]
        assert indirect["type"] == "indirect", indirect
        speaker = indirect["speaker"]
        assert (speaker["role"], speaker["affiliation"]) == ("Kapolres", "Bogor")
        expected = {
            direct["id"]: "“Harga beras stabil,” kata Budi Santoso, Menteri Perdagangan.",
            # A paraphrase is never put inside quotation marks.
            indirect["id"]: f"Menurut {speaker['name']}, Kapolres Bogor, "
            f"{indirect['text'].rstrip('.')}.",
        }
        for quote_id, sentence in expected.items():
            page.click(f'button[data-chip-for="{quote_id}"]')
            page.click("#details-copy")
            said(page, "#details-status", f"Disalin: {sentence}")
            assert page.evaluate("navigator.clipboard.readText()") == sentence
            page.keyboard.press("Escape")
        # A corrected speaker is the one the sentence names.
        page.click(f'button[data-chip-for="{direct["id"]}"]')
        page.select_option("#details-speaker", "__other__")
        page.fill("#details-name", "Siti Aminah")
        page.click("#details-apply")
        page.click("#details-copy")
        said(page, "#details-status", "Disalin: “Harga beras stabil,” kata Siti Aminah.")
        assert page.evaluate("navigator.clipboard.readText()") == (
            "“Harga beras stabil,” kata Siti Aminah."
        )


CASES: list[tuple[dict[str, Any], str]] = [
    (
        {"type": "direct", "text": "Apa yang harus kami lakukan?",
         "speaker": {"name": "Sandi", "role": None, "affiliation": None}},
        "“Apa yang harus kami lakukan?” kata Sandi.",
    ),
    (
        {"type": "direct", "text": "Kami siap.",
         "speaker": {"name": "Dedi", "role": "juru bicara", "affiliation": "Polri"}},
        "“Kami siap,” kata Dedi, juru bicara Polri.",
    ),
    (
        {"type": "direct", "text": "Kami siap,", "speaker": None},
        "“Kami siap.”",
    ),
    (
        {"type": "mixed", "text": "pemerintah akan “berhati-hati” soal impor",
         "speaker": {"name": "Budi", "role": "Menteri", "affiliation": None}},
        "Menurut Budi, Menteri, pemerintah akan “berhati-hati” soal impor.",
    ),
]  # fmt: skip


def test_the_sentence_for_each_shape(browser: Browser, live_url: str) -> None:
    with open_page(browser, live_url) as page:
        for quote, sentence in CASES:
            assert page.evaluate("q => window.kutipExports.attribution(q)", quote) == sentence
