"""Newsroom documents: IPTC ninjs 1.x and 2.x, and Superdesk's AI-service item.

* ninjs 1.x: ``uri`` (and Superdesk's ``guid``), ``headline``, ``language`` and one of
  ``body_html``, ``body_xhtml`` (1.0) or ``body_text``.
* ninjs 2.x: the same identifiers and ``bodies``: ``[{"role", "contenttype", "value"}]``.
* Superdesk: ``{"item": {"guid", "language", "headline", "body_html"}}``.

The document's ``uri`` (else ``guid``) becomes the id. When a document has several bodies, the
main one wins over summaries, and HTML wins over plain text (HTML keeps the offset map).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kutip.formats.document import Document

__all__ = [
    "Body",
    "Document",
    "is_newsroom_document",
    "newsroom_body",
    "ninjs_document",
    "superdesk_document",
]

_BODY_FIELDS = ("body_html", "body_xhtml", "body_text")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xhtml"})
_MAIN_ROLES = frozenset({"", "main", "body", "text", "full", "default", "primary"})
_MINOR_ROLES = frozenset({"summary", "abstract", "teaser", "description", "lead", "excerpt"})


@dataclass(frozen=True, slots=True)
class Body:
    """The body a newsroom document holds, before any parsing, with the document's metadata."""

    value: str
    is_html: bool
    meta: Mapping[str, str | None]

    @property
    def id(self) -> str | None:
        return self.meta.get("id")

    def document(self) -> Document:
        if self.is_html:
            return Document.from_html(self.value, **self.meta)
        return Document.from_text(self.value, **self.meta)


def is_newsroom_document(obj: Mapping[str, Any]) -> bool:
    """Whether ``obj`` looks like ninjs or a Superdesk item (decided by the fields present)."""
    if isinstance(obj.get("item"), Mapping):
        return True
    return any(name in obj for name in ("uri", "guid", "bodies", *_BODY_FIELDS))


def newsroom_body(obj: Mapping[str, Any]) -> Body:
    """The chosen body of a ninjs document or Superdesk item, unparsed; ValueError when none."""
    if not isinstance(obj, Mapping):
        raise ValueError("a ninjs document must be a JSON object")
    if "item" in obj and not any(k in obj for k in ("bodies", "uri", *_BODY_FIELDS)):
        return _superdesk_body(obj)
    meta = _meta(obj)
    if "bodies" in obj:
        return _from_bodies(obj["bodies"], meta)
    for name in _BODY_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f"ninjs field '{name}' must be a string")
        if value.strip():
            return Body(value, name != "body_text", meta)
    raise ValueError(
        "the ninjs document has no body: expected 'body_html', 'body_text' (ninjs 1.x) "
        "or a non-empty 'bodies' list (ninjs 2.x)"
    )


def ninjs_document(obj: Mapping[str, Any]) -> Document:
    """The article of a ninjs 1.x/2.x document or a Superdesk item; ValueError when it has none."""
    return newsroom_body(obj).document()


def superdesk_document(obj: Mapping[str, Any]) -> Document:
    """The article of Superdesk's AI-service request ``{"item": {...}}``."""
    return _superdesk_body(obj).document()


def _superdesk_body(obj: Mapping[str, Any]) -> Body:
    item = obj.get("item")
    if not isinstance(item, Mapping):
        raise ValueError("a Superdesk request must hold an object in 'item'")
    meta = _meta(item)
    for name in ("body_html", "body_text"):
        value = item.get(name)
        if isinstance(value, str) and value.strip():
            return Body(value, name == "body_html", meta)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"Superdesk item field '{name}' must be a string")
    raise ValueError("the Superdesk item has no body: expected a non-empty 'item.body_html'")


def _meta(obj: Mapping[str, Any]) -> dict[str, str | None]:
    meta: dict[str, str | None] = {}
    for name in ("uri", "guid"):  # the id: a number or object would become its Python repr
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"field '{name}' must be a string")
    ident = obj.get("uri") or obj.get("guid")
    meta["id"] = ident
    for name in ("headline", "language"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"field '{name}' must be a string")
        meta[name] = value
    return meta


def _from_bodies(bodies: Any, meta: Mapping[str, str | None]) -> Body:
    if not isinstance(bodies, list):
        raise ValueError("ninjs field 'bodies' must be a list")
    best: tuple[int, int, str, bool] | None = None
    for index, body in enumerate(bodies):
        if not isinstance(body, Mapping):
            raise ValueError(f"bodies[{index}] must be an object")
        value = body.get("value")
        if not isinstance(value, str):
            raise ValueError(f"bodies[{index}].value must be a string")
        if not value.strip():
            continue
        role = str(body.get("role") or "").lower()
        contenttype = str(body.get("contenttype") or "").split(";")[0].strip().lower()
        html = contenttype in _HTML_TYPES or (not contenttype and _looks_like_html(value))
        rank = 0 if role in _MAIN_ROLES else 2 if role in _MINOR_ROLES else 1
        candidate = (rank, 0 if html else 1, value, html)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    if best is None:
        raise ValueError("the ninjs document has no body: every entry of 'bodies' is empty")
    return Body(best[2], best[3], meta)


def _looks_like_html(value: str) -> bool:
    """A body without a content type is HTML when it starts with a tag (ninjs leaves it open)."""
    return value.lstrip().startswith("<")
