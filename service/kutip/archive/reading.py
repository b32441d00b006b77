"""From what callers send to an ``ArticleInput``: kutip's own fields plus metadata, an IPTC ninjs
document or a Superdesk item (told apart as /v1/extract tells them), or a WordPress post.

Validation is marshmallow's (ValidationError, answered 422 by the API, one line's error by the
importer). An item with no text body (a picture, a composite) or in another language is not an
error: it becomes an article recorded as skipped, since Superdesk marks a 4xx as failed for good.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import regex
from marshmallow import Schema, ValidationError, fields, validate

from kutip.api.schemas import _ArticleSchema
from kutip.archive.records import ArticleInput, language_skip, parse_time
from kutip.formats.ninjs import is_newsroom_document, newsroom_body

MAX_ID = 500
_TAG = regex.compile(r"<[^>]*>")
_TEXT_TYPES = frozenset({"text", "preformatted"})


def _meta_field(description: str, length: int = 2000) -> fields.String:
    return fields.String(
        allow_none=True,
        validate=validate.Length(max=length),
        metadata={"description": description},
    )


class ArticleRequestSchema(_ArticleSchema):
    """POST /v1/articles with kutip's own fields: the article (text or html) and its metadata."""

    id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_ID),
        metadata={"description": "The article's id in the archive (a later version keeps it)."},
    )
    version = _meta_field("Newer versions replace older ones (default: a hash of the text).", 200)
    headline = _meta_field("The headline.")
    outlet = _meta_field("The outlet or source that published it.", 200)
    language = _meta_field("A language other than Indonesian (`id`) is recorded as skipped.", 20)
    published_at = fields.DateTime(
        allow_none=True, metadata={"description": "ISO 8601; quotes are listed newest first."}
    )
    url = _meta_field("Where the article is published.")


def article_from_fields(data: Mapping[str, Any]) -> ArticleInput:
    """An ArticleInput from fields ArticleRequestSchema has loaded."""
    markup = data.get("markup")
    published = data.get("published_at")
    if published is not None and published.tzinfo is not None:
        published = parse_time(published.isoformat())
    language = data.get("language")
    return ArticleInput(
        id=data["id"],
        text=data["text"],
        html=markup.html if markup is not None else None,
        version=data.get("version") or None,
        headline=data.get("headline"),
        outlet=data.get("outlet"),
        language=language,
        published_at=published,
        url=data.get("url"),
        skip_reason=language_skip(language),
        markup=markup,
    )


def _string(item: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        value = item.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _with_body(schema: Schema, meta: Mapping[str, Any], kind: str, body: str) -> ArticleInput:
    """The article of ``meta`` with ``body`` (``kind`` text or html) checked and read as
    ``schema`` checks a body sent in kutip's own fields."""
    loaded = schema.load({"id": meta["id"], kind: body})
    return article_from_fields({**loaded, **{k: v for k, v in meta.items() if k != "id"}})


def newsroom_article(raw: Mapping[str, Any], schema: Schema) -> ArticleInput:
    """A ninjs document or Superdesk item; ``schema`` (ArticleRequestSchema) checks its body."""
    item = raw["item"] if isinstance(raw.get("item"), Mapping) and "uri" not in raw else raw
    ident = _string(item, "uri", "guid")
    if ident is None or len(ident) > MAX_ID:
        raise ValidationError(
            f"A newsroom item needs a uri or guid of 1 to {MAX_ID} characters.", "uri"
        )
    published = _string(item, "firstpublished", "versioncreated", "firstcreated")
    uri = _string(item, "uri") or ""
    meta: dict[str, Any] = {
        "id": ident,
        "version": _string(item, "version"),
        "headline": _string(item, "headline"),
        "outlet": _string(item, "source", "copyrightholder"),
        "language": _string(item, "language"),
        "published_at": parse_time(published) if published else None,
        "url": _string(item, "url") or (uri if uri.startswith(("http://", "https://")) else None),
    }
    kind = _string(item, "type")
    reason = language_skip(meta["language"])
    if kind is not None and kind not in _TEXT_TYPES:
        reason = f"a {kind} item has no text body"
    if reason is None:
        try:
            body = newsroom_body(raw)
        except ValueError:
            reason = "the item has no text body"
    if reason is not None:
        return ArticleInput(text=None, skip_reason=reason, **meta)
    return _with_body(schema, meta, "html" if body.is_html else "text", body.value)


def read_article(raw: Any, schema: Schema) -> ArticleInput:
    """Any JSON body POST /v1/articles (or an import line) may be."""
    if not isinstance(raw, Mapping):
        raise ValidationError("Send a JSON object.", "_schema")
    if "text" not in raw and "html" not in raw and is_newsroom_document(raw):
        return newsroom_article(raw, schema)
    return article_from_fields(schema.load(raw))


def plain_text(fragment: str) -> str:
    """A WordPress title (HTML with entities) as plain text."""
    return html.unescape(_TAG.sub("", fragment)).strip()


def wordpress_article(post: Mapping[str, Any], site: str, schema: Schema) -> ArticleInput:
    """One post of ``wp-json/wp/v2/posts``: its content.rendered HTML; modified_gmt as version."""
    content = post.get("content") or {}
    rendered = content.get("rendered") if isinstance(content, Mapping) else None
    title = post.get("title") or {}
    headline = title.get("rendered") if isinstance(title, Mapping) else None
    guid = post.get("guid") or {}
    ident = (guid.get("rendered") if isinstance(guid, Mapping) else None) or post.get("link")
    if not isinstance(ident, str) or not ident:
        ident = f"{site.rstrip('/')}/?p={post.get('id')}"
    modified = _string(post, "modified_gmt")
    date = _string(post, "date_gmt")
    meta: dict[str, Any] = {
        "id": ident,
        "version": modified + "Z" if modified and not modified.endswith("Z") else modified,
        "headline": plain_text(headline) if isinstance(headline, str) else None,
        "outlet": regex.sub(r"^https?://", "", site).strip("/"),
        "language": None,
        "published_at": parse_time(date) if date else None,
        "url": _string(post, "link"),
    }
    if not isinstance(rendered, str) or not plain_text(rendered):
        return ArticleInput(text=None, skip_reason="the post has no text", **meta)
    return _with_body(schema, meta, "html", rendered)


__all__ = [
    "ArticleRequestSchema",
    "article_from_fields",
    "newsroom_article",
    "read_article",
    "wordpress_article",
]
