"""Browser tests: kutip served on a free port, driven by Playwright with Debian's Chromium.

Skipped (with the reason) when /usr/bin/chromium or the playwright package is missing; the
browser is never downloaded (CI installs Debian's ``chromium`` with apt).
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from werkzeug.serving import make_server

from kutip.api import create_app
from kutip.api.archive_state import EXTENSION
from kutip.api.config import ENVIRONMENT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_755a8e7ff748d252.txt"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


API_KEY = "kunci-redaksi-7f3a"  # the key of the keyed server (keyed_url)


@contextmanager
def serve(environment: dict[str, str]) -> Iterator[str]:
    """The app built with only ``environment`` set, on 127.0.0.1 and a free port, in a thread."""
    with pytest.MonkeyPatch.context() as patch:
        for variable, _ in ENVIRONMENT.values():
            patch.delenv(variable, raising=False)
        for variable, value in environment.items():
            patch.setenv(variable, value)
        app = create_app()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="kutip-live", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        archive = app.extensions[EXTENSION]
        if archive.db is not None:  # an archive's connections (tests/web/test_archive.py)
            archive.db.dispose()


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    """The app with default settings (no API key)."""
    with serve({}) as url:
        yield url


@pytest.fixture(scope="session")
def keyed_url() -> Iterator[str]:
    """The app with KUTIP_API_KEYS set: /v1 answers 401 without API_KEY."""
    with serve({"KUTIP_API_KEYS": f"another-key,{API_KEY}"}) as url:
        yield url


# The Chromium in use: two sync Playwright sessions cannot run at once in one process, so a
# chromium() entered while another is open (tests/archive/test_pages.py's module browser after
# this directory's session one, when pytest runs tests/web first) lends that one; its owner
# closes it.
_open: list[Browser] = []


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (the test skips when either is missing), closed
    on exit by the chromium() that launched it."""
    if _open:
        yield _open[0]
        return
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is missing: pip install -e '.[test]'"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        _open.append(browser)
        try:
            yield browser
        finally:
            _open.clear()
            browser.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@contextmanager
def open_page(
    browser: Browser, url: str, viewport: ViewportSize | None = None, **options: Any
) -> Iterator[Page]:
    """A fresh context and page (Indonesian locale) on ``url``; page errors fail the test."""
    context = browser.new_context(
        locale="id-ID", viewport=viewport or DESKTOP, accept_downloads=True, **options
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(10_000)
    page.goto(url)
    try:
        yield page
    finally:
        context.close()
    assert not errors, errors


@pytest.fixture
def page(browser: Browser, live_url: str) -> Iterator[Page]:
    """A fresh page (Indonesian locale, desktop) on kutip's start page."""
    with open_page(browser, live_url) as fresh:
        yield fresh


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def api_extract(live_url: str, payload: dict[str, Any]) -> dict[str, Any]:
    """What the service itself answers, for comparison with what the page shows."""
    request = urllib.request.Request(
        live_url + "v1/extract",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.load(response)
    assert isinstance(body, dict)
    return body


def extract(page: Page, article: str) -> dict[str, Any]:
    """Paste, press the button, wait for the results; the service's answer, offsets checked."""
    page.fill("#article-input", article)
    with page.expect_response("**/v1/extract") as answer:
        page.click("#extract-button")
    page.wait_for_selector("#results:not([hidden])")
    body: dict[str, Any] = answer.value.json()
    text = body.get("text", article)
    for quote in body["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
    return body


def download(page: Page, button: str, folder: Path) -> Path:
    """Press an export button; where its file was saved."""
    with page.expect_download() as info:
        page.click(button)
    saved = folder / info.value.suggested_filename
    info.value.save_as(saved)
    return saved


def said(page: Page, selector: str, text: str) -> None:
    """Wait until ``selector`` shows exactly ``text`` (a status set when a promise resolves)."""
    try:
        page.wait_for_function(
            "([s, t]) => { const e = document.querySelector(s); return !!e && e.innerText === t; }",
            arg=[selector, text],
            timeout=5_000,
        )
    except Exception:
        shown = page.locator(selector).inner_text()
        raise AssertionError(f"{selector} shows {shown!r}, not {text!r}") from None


def focus_back_on_chip(page: Page, quote_id: str) -> None:
    """Wait for the focus to come back to a quote's chip: a dialog's close event, which gives it
    back, runs as a task of its own after the dialog is already hidden."""
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.dataset.chipFor === id",
        arg=quote_id,
        timeout=5_000,
    )
