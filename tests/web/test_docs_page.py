"""/docs in Chromium: every operation of /openapi.json is shown, shared error answers included."""

from __future__ import annotations

import json
import urllib.request
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_docs_page_shows_every_operation_and_its_shared_errors(page: Page, live_url: str) -> None:
    page.goto(live_url + "docs")
    page.wait_for_selector("#endpoints table")
    text = page.locator("#endpoints").inner_text()
    for summary in ("Find the quotes in one article", "Prometheus metrics", "This document"):
        assert summary in text
    # 404/405/414/431/default are $refs to components.responses: their descriptions are shown,
    # once for every operation whose 404 is the shared one (the archive's say which thing).
    with urllib.request.urlopen(live_url + "openapi.json", timeout=10) as answer:
        spec = json.load(answer)
    shared = [
        op
        for item in spec["paths"].values()
        for op in item.values()
        if op["responses"]["404"].get("$ref") == "#/components/responses/NotFound"
    ]
    assert len(shared) >= 9 and text.count("No such path") == len(shared)
    assert "The request line is longer than the server's limit." in text
