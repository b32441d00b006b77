"""Item 7 (phone) and the screenshots: the seed article and a long one from long-dev, on a desktop
and a phone. Nothing may spill sideways on a phone; every control stays large enough to tap.

Screenshots go to $KUTIP_SHOTS when it is set (e.g. /tmp/shots), else to the test's tmp dir:
never into the repository.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .conftest import DESKTOP, PHONE, extract, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = pytest.mark.browser

LONG_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "long-dev.jsonl"


def long_article() -> str:
    if not LONG_DEV.exists():
        pytest.skip(f"{LONG_DEV} is missing (../shared is not beside the repository)")
    lines = [json.loads(line) for line in LONG_DEV.read_text(encoding="utf-8").splitlines()]
    longest = max(lines, key=lambda line: len(line["text"]))
    text: str = longest["text"]
    return text


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KUTIP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def overflow(page: Page) -> int:
    """How far the page is wider than the window (0: nothing to scroll sideways)."""
    width: int = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    return width


@pytest.mark.parametrize(
    ("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)], ids=["desktop", "phone"]
)
def test_seed_and_long_article_fit(
    browser: Browser,
    live_url: str,
    seed_text: str,
    tmp_path: Path,
    name: str,
    viewport: ViewportSize,
) -> None:
    folder = shots_dir(tmp_path)
    with open_page(browser, live_url, viewport) as page:
        for article, label in [(seed_text, "seed"), (long_article(), "long")]:
            body = extract(page, article)
            assert page.locator("#quote-table tbody tr").count() == len(body["quotes"])
            assert overflow(page) <= 0, f"{label} {name}: spills {overflow(page)} px sideways"
            page.screenshot(path=str(folder / f"{label}-{name}.png"), full_page=True)
            page.screenshot(path=str(folder / f"{label}-{name}-top.png"))
        if name == "phone":
            small = page.evaluate(
                """() => [...document.querySelectorAll('button, input, select, textarea')]
                  .filter(el => el.offsetParent && !el.closest('.visually-hidden, .file-button'))
                  .filter(el => !el.closest('.chip, .quote-table th, .link-button'))
                  .filter(el => { const r = el.getBoundingClientRect();
                                  return r.height < 24 || r.width < 24; })
                  .map(el => el.id || el.className)"""
            )
            assert small == []  # WCAG 2.2 target size (minimum): 24 by 24 px
        page.locator("#article-view button.chip").first.click()
        page.screenshot(path=str(folder / f"details-{name}.png"))
        assert overflow(page) <= 0


def test_print_keeps_the_article_and_the_table(page: Page, seed_text: str) -> None:
    body = extract(page, seed_text)
    page.emulate_media(media="print")
    for hidden in (".topbar", ".input-card", ".toolbar", ".footer"):
        assert page.locator(hidden).is_hidden(), hidden
    assert page.locator("#article-view mark.quote").first.is_visible()
    assert page.locator("#quote-table tbody tr").count() == len(body["quotes"])
    # The whole table on paper: no scroll box cuts it.
    assert page.evaluate(
        "() => { const w = document.querySelector('.table-wrap'); "
        "return w.scrollHeight <= w.clientHeight + 1; }"
    )
    page.emulate_media(media="screen")
    assert page.locator(".toolbar").is_visible()
