"""``kutip archive import``: back-fill from JSON lines or ninjs files, or a WordPress site.

A file is one JSON document (a ninjs item, or a list of them) or JSON lines (kutip's fields, a
gold line of shared/eval/FORMAT.md, or ninjs per line). Fields the archive does not keep (a gold
line's ``quotes``) are ignored; a gold line's ``source`` becomes the outlet. A bad line is
reported with its place and skipped; the others are imported.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from kutip.archive.db import Database
from kutip.archive.progress import Progress
from kutip.archive.reading import ArticleRequestSchema, read_article, wordpress_article
from kutip.archive.store import ingest
from kutip.engine import DocumentTooComplexError, Engine
from kutip.formats.ninjs import is_newsroom_document

_KEPT = frozenset(
    {"id", "text", "html", "version", "headline", "outlet", "language", "published_at", "url"}
)
WP_PAGE = 100  # posts per page: the most the WordPress REST API gives


def _documents(path: Path) -> Iterator[tuple[str, Any]]:
    """(place, parsed document) for every document of a file; place is FILE or FILE:LINE."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict):
        yield str(path), whole
        return
    if isinstance(whole, list):
        for index, item in enumerate(whole):
            yield f"{path}[{index}]", item
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield f"{path}:{number}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"{path}:{number}", ValueError(f"not JSON: {exc.msg} (column {exc.colno})")


def _fields(raw: Any) -> Any:
    """A kutip-field line reduced to what the archive keeps (a gold line carries more)."""
    if not isinstance(raw, Mapping) or (is_newsroom_document(raw) and "text" not in raw):
        return raw
    kept = {k: v for k, v in raw.items() if k in _KEPT}
    if "outlet" not in kept and isinstance(raw.get("source"), str):
        kept["outlet"] = raw["source"][:200]
    return kept


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return json.dumps(exc.messages, ensure_ascii=False)
    return str(exc) or type(exc).__name__


def import_files(
    db: Database, engine: Engine, paths: list[Path], max_chars: int, progress: Progress
) -> None:
    schema = ArticleRequestSchema(max_chars=max_chars)
    for path in paths:
        for place, raw in _documents(path):
            if isinstance(raw, Exception):
                progress.error(place, str(raw))
                continue
            try:
                stored = ingest(db, engine, read_article(_fields(raw), schema))
            except (ValidationError, DocumentTooComplexError, ValueError) as exc:
                progress.error(place, _message(exc))
                continue
            progress.count(stored.outcome)


def _get_json(url: str, timeout: float) -> tuple[Any, Mapping[str, str]]:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "kutip"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8-sig")), dict(response.headers)


def wordpress_pages(
    site: str, timeout: float = 30.0, max_pages: int | None = None
) -> Iterator[tuple[str, Any]]:
    """(page URL, list of posts) of ``SITE/wp-json/wp/v2/posts``, page after page."""
    base = site.rstrip("/") + "/wp-json/wp/v2/posts"
    page = 1
    while max_pages is None or page <= max_pages:
        query = urllib.parse.urlencode({"per_page": WP_PAGE, "page": page, "orderby": "date"})
        url = f"{base}?{query}"
        try:
            posts, headers = _get_json(url, timeout)
        except urllib.error.HTTPError as exc:
            if exc.code == 400 and page > 1:  # rest_post_invalid_page_number: past the last
                return
            raise
        if not isinstance(posts, list) or not posts:
            return
        yield url, posts
        total = headers.get("X-WP-TotalPages") or headers.get("x-wp-totalpages")
        if total is not None and total.isdigit() and page >= int(total):
            return
        page += 1


def import_wordpress(
    db: Database,
    engine: Engine,
    site: str,
    max_chars: int,
    progress: Progress,
    max_pages: int | None = None,
) -> None:
    if not site.startswith(("http://", "https://")):
        raise ValueError(f"--wordpress takes the site's address (https://...), not {site!r}")
    schema = ArticleRequestSchema(max_chars=max_chars)
    for url, posts in wordpress_pages(site, max_pages=max_pages):
        for index, post in enumerate(posts):
            place = f"{url} post {index}"
            if not isinstance(post, Mapping):
                progress.error(place, "not a post object")
                continue
            try:
                stored = ingest(db, engine, wordpress_article(post, site, schema))
            except (ValidationError, DocumentTooComplexError, ValueError) as exc:
                progress.error(place, _message(exc))
                continue
            progress.count(stored.outcome)
