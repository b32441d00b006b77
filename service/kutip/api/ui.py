"""The page for journalists at ``GET /``: paste an article, see its quotes and speakers.

Plain HTML, CSS and JavaScript served by kutip itself (no CDN, works offline). The page calls
``POST /v1/extract`` and builds the article with DOM text nodes only, so article text is never
read as HTML; a strict Content-Security-Policy backs that up.

Whether the service has an archive (KUTIP_DATABASE_URL set) is written into the page as
``<body data-archive="on">`` (else ``off``): the page then offers "Save to archive". It is known
when the page is built, so no probe request is needed (one would need the API key first). A
database that is set but not migrated or not answering still shows the button; saving then says
why it failed (archive_not_migrated, archive_unavailable), translated.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template

from kutip.api.archive_state import EXTENSION

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

bp = Blueprint(
    "ui",
    __name__,
    static_folder="static",
    static_url_path="/ui/static",
    template_folder="templates",
)


def archive_configured() -> bool:
    """Whether the app was given an archive database (its routes answer 503 otherwise)."""
    archive = current_app.extensions.get(EXTENSION)
    return archive is not None and archive.db is not None


def html_page(template: str, **context: object) -> Response:
    """A rendered page under the strict CSP; the archive's pages use it too, so all pages
    send the same security headers."""
    response = Response(render_template(template, **context), mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/")
def index() -> Response:
    """The page itself; its script and styles come from /ui/static."""
    return html_page("ui/index.html", archive="on" if archive_configured() else "off")
