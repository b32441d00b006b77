"""Item 7: accessible. axe-core (bundled by the PyPI package axe-playwright-python, run offline
in the page) finds no serious or critical violation in any state of the page, on a desktop and a
phone; everything works from the keyboard, with a visible focus."""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import PHONE, extract, focus_back_on_chip, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

AXE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.0-2.2 A and AA, and axe's best practices (landmarks, headings, ...).
RUN = """() => axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                                  'best-practice']},
  resultTypes: ['violations'],
})"""
GLUED = (
    "Banjir merendam dua kecamatan.\n\n"
    "“Kami sudah siapkan perahu,”ujar Kepala BPBD Darmawan. Warga disebut “siaga”dan “waspada.\n\n"
    "Hujan turun.\n\n“Semua pompa sudah menyala sejak subuh.”"
)


def serious(page: Page) -> list[str]:
    """axe's serious and critical violations, as 'rule: the first few elements'."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE)  # evaluate() is not bound by the page's script-src policy
    result: dict[str, Any] = page.evaluate(RUN)
    assert result["testEngine"]["name"] == "axe-core"
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_axe_finds_nothing_serious_in_any_state(
    browser: Browser, live_url: str, seed_text: str, phone: bool
) -> None:
    with open_page(browser, live_url, PHONE if phone else None) as page:
        assert serious(page) == [], "start page"
        extract(page, seed_text)
        assert serious(page) == [], "seed article"
        extract(page, GLUED)  # a warning and a low-confidence quote
        assert page.locator("#warnings").is_visible()
        page.click('#quote-table button[data-sort="speaker"]')
        page.click("#add-button")  # no selection: the words field
        assert serious(page) == [], "warnings, sorted, add form"
        page.locator("#article-view button.chip").first.click()
        page.select_option("#details-speaker", "__other__")
        assert serious(page) == [], "details dialog"
        page.keyboard.press("Escape")
        if not phone:  # the words change, not the layout: once is enough
            page.click('button[data-lang="en"]')
            assert serious(page) == [], "English"


def test_axe_with_the_key_field(browser: Browser, keyed_url: str) -> None:
    with open_page(browser, keyed_url) as page:
        page.fill("#article-input", "“Kami siap,” kata Budi.")
        page.click("#extract-button")
        page.locator("#key-panel").wait_for()
        assert serious(page) == []


def focus_ring(page: Page) -> str:
    """The focused element's outline (the page's focus style); '' when it has none."""
    ring: str = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
                     ? s.outlineStyle + ' ' + s.outlineWidth : ''; }"""
    )
    return ring


def test_everything_by_keyboard_with_a_visible_focus(page: Page, seed_text: str) -> None:
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert focus_ring(page)
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#article-input"
    page.focus("#article-input")
    page.keyboard.insert_text(seed_text)
    with page.expect_response("**/v1/extract"):
        page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results:not([hidden])")

    # Tab from the button through the whole page: every stop shows a focus ring.
    page.focus("#extract-button")
    seen: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "() => { const a = document.activeElement; "
            "return a.id || a.dataset.chipFor || a.dataset.sort || a.dataset.quoteId || "
            "a.dataset.speakerKey || a.tagName; }"
        )
        if active == "BODY":  # past the last stop
            break
        assert focus_ring(page), f"no visible focus on {active}"
        seen.append(active)
    assert {"export-csv", "export-gold", "add-button"} <= set(seen)
    assert "q1" in seen  # a chip: the keyboard way to a quote's details

    # A chip by keyboard: its details, a correction, Escape, focus back on the chip.
    page.focus('button[data-chip-for="q2"]')
    page.keyboard.press("Enter")
    assert page.locator("#details").is_visible()
    assert page.evaluate("document.activeElement.id") == "details-title"
    page.focus("#details-type")
    page.keyboard.press("End")  # the last option: indirect
    page.focus("#details-apply")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert page.locator("#details").is_hidden()
    focus_back_on_chip(page, "q2")
    assert page.locator('mark[data-quote-id="q2"]').first.get_attribute("data-type") == "indirect"
    # Inside the open dialog, Tab never leaves it (it is modal).
    page.keyboard.press("Enter")
    inside = 0
    for _ in range(12):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "() => document.activeElement.closest('#details') ? 'dialog' "
            ": document.activeElement === document.body ? 'browser' : document.activeElement.id"
        )
        assert where in ("dialog", "browser"), where  # to the browser's own UI, never the page
        inside += where == "dialog"
    assert inside >= 6
    page.keyboard.press("Escape")
