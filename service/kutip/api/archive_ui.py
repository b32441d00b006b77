"""The archive's pages: search (``/archive``), a speaker (``/archive/speakers/<id>``) and a
stored article (``/archive/articles/<id>``).

The same look and languages as the page at ``/`` (kutip.css, the ID/EN switch, the choice kept
in localStorage). The pages are shells: archive.js fetches /v1/quotes, /v1/speakers and
/v1/articles and builds everything from DOM text nodes, under the same strict CSP as ``/``.
"""

from __future__ import annotations

from flask import Blueprint, Response

from kutip.api.ui import html_page

pages = Blueprint("archive_ui", __name__, template_folder="templates")


@pages.get("/archive")
def search() -> Response:
    return html_page("archive/page.html", page="search", subject="")


@pages.get("/archive/speakers/<int:speaker_id>")
def speaker(speaker_id: int) -> Response:
    return html_page("archive/page.html", page="speaker", subject=str(speaker_id))


@pages.get("/archive/articles/<article_id:article_id>")
def article(article_id: str) -> Response:
    return html_page("archive/page.html", page="article", subject=article_id)
