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
    # once per operation whose 404 is the shared one (the archive's own 404s say more).
    spec = json.loads(urllib.request.urlopen(live_url + "openapi.json", timeout=10).read())
    shared = "#/components/responses/NotFound"
    operations = [op for ops in spec["paths"].values() for op in ops.values() if "responses" in op]
    wanted = sum(op["responses"].get("404", {}).get("$ref") == shared for op in operations)
    assert wanted >= 9
    assert text.count("No such path") == wanted
    assert "The request line is longer than the server's limit." in text
