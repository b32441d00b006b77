"""The page for journalists at ``GET /``: paste an article, see its quotes and speakers.

Plain HTML, CSS and JavaScript served by kutip itself (no CDN, works offline). The page calls
``POST /v1/extract`` and builds the article with DOM text nodes only, so article text is never
read as HTML; a strict Content-Security-Policy backs that up.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

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


@bp.get("/")
def index() -> Response:
    """The page itself; its script and styles come from /ui/static."""
    response = Response(render_template("ui/index.html"), mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
