"""Newsroom documents: IPTC ninjs 1.x, 2.x and 3.x, and Superdesk's AI-service item.

* ninjs 1.x: ``uri`` (and Superdesk's ``guid``), ``headline``, ``language`` and any ``body_*``
  field (the schemas allow ``^body_[a-zA-Z0-9_]+``: ``body_html``, ``body_xhtml``,
  ``body_richtext``, ``body_main``, ``body_text``, ...); ``description_*`` as a fallback.
* ninjs 2.x and 3.x: the same identifiers and ``bodies``: ``[{"role", "contentType", "value"}]``
  (``contenttype`` before 3.0); ``descriptions`` (same shape) as a fallback.
* Superdesk: ``{"item": {"guid", "language", "headline", "body_html", "abstract"}}``.

The document's ``uri`` (else ``guid``) becomes the id. Of all the texts a document holds, a body
wins over summaries and descriptions (``abstract``, ``description_*``, ``descriptions``, a body
whose role is ``summary``), and HTML wins over plain text whatever the role (HTML keeps the
offset map). Errors name the field the sender wrote (``bodies[1].value``, ``item.guid``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kutip.formats.document import Document, lone_surrogate

__all__ = [
    "Body",
    "Document",
    "NewsroomError",
    "is_newsroom_document",
    "newsroom_body",
    "ninjs_document",
    "superdesk_document",
]

_HTML_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "application/xhtml", "text/xhtml", "application/html"}
)
# The part after body_ / description_ that says the text is HTML, or plain; others are sniffed.
_HTML_NAMES = ("html", "xhtml", "html5", "richtext")
_PLAIN_NAMES = ("text", "plain")
_HTML_ROLES = frozenset({"xhtml", "html", "html5", "richtext"})
_MAIN_ROLES = frozenset({"", "main", "body", "text", "full", "default", "primary"})
_MINOR_ROLES = frozenset({"summary", "abstract", "teaser", "description", "lead", "excerpt"})
_NO_BODY = (
    "the {what} has no body: expected a non-empty 'body_*' field such as 'body_html' or "
    "'body_text' (ninjs 1.x), a non-empty entry in 'bodies' (ninjs 2.x and 3.x), "
    "'item.body_html' (Superdesk), or a description or abstract"
)


class NewsroomError(ValueError):
    """A newsroom document kutip cannot read; ``field`` is the sender's name for the culprit
    (``_schema`` when no single field is at fault, e.g. a document without a body)."""

    def __init__(self, message: str, field: str = "_schema") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Body:
    """The body a newsroom document holds, before any parsing, with the document's metadata.

    ``source`` is where it was read (``body_richtext``, ``bodies[1].value``, ``item.body_html``)
    and ``id_source`` where the id was (``uri``, ``guid``, ``item.guid``), so that an error about
    the text or the id can name the field the sender wrote.
    """

    value: str
    is_html: bool
    meta: Mapping[str, str | None]
    source: str = "body"
    id_source: str | None = None

    @property
    def id(self) -> str | None:
        return self.meta.get("id")

    @property
    def language(self) -> str | None:
        return self.meta.get("language")

    def document(self) -> Document:
        if self.is_html:
            return Document.from_html(self.value, **self.meta)
        return Document.from_text(self.value, **self.meta)


def _is_text_key(name: object, stem: str) -> bool:
    return isinstance(name, str) and name.startswith(stem) and len(name) > len(stem)


def is_newsroom_document(obj: Mapping[str, Any]) -> bool:
    """Whether ``obj`` looks like ninjs or a Superdesk item (decided by the fields present)."""
    if isinstance(obj.get("item"), Mapping):
        return True
    if any(name in obj for name in ("uri", "guid", "bodies", "descriptions")):
        return True
    return any(_is_text_key(k, "body_") or _is_text_key(k, "description_") for k in obj)


def newsroom_body(obj: Mapping[str, Any]) -> Body:
    """The chosen body of a ninjs document or Superdesk item, unparsed; NewsroomError when none."""
    if not isinstance(obj, Mapping):
        raise NewsroomError("a ninjs document must be a JSON object")
    if "item" in obj and not is_newsroom_document({k: v for k, v in obj.items() if k != "item"}):
        return _superdesk_body(obj)
    return _best(obj, "", "ninjs document")


def ninjs_document(obj: Mapping[str, Any]) -> Document:
    """The article of a ninjs document or a Superdesk item; NewsroomError when it has none."""
    return newsroom_body(obj).document()


def superdesk_document(obj: Mapping[str, Any]) -> Document:
    """The article of Superdesk's AI-service request ``{"item": {...}}``."""
    return _superdesk_body(obj).document()


def _superdesk_body(obj: Mapping[str, Any]) -> Body:
    item = obj.get("item")
    if not isinstance(item, Mapping):
        raise NewsroomError("a Superdesk request must hold an object in 'item'", "item")
    return _best(item, "item.", "Superdesk item")


# A candidate text: (rank, field name as sent, value, is HTML). Lower ranks win.
_Candidate = tuple[tuple[int, int, int, int], str, str, bool]


def _best(obj: Mapping[str, Any], prefix: str, what: str) -> Body:
    meta, id_source = _meta(obj, prefix)
    best: _Candidate | None = None
    for candidate in _candidates(obj, prefix):
        if best is None or candidate[0] < best[0]:
            best = candidate
    if best is None:
        raise NewsroomError(_NO_BODY.format(what=what))
    _, source, value, html = best
    return Body(value, html, meta, source, id_source)


def _candidates(obj: Mapping[str, Any], prefix: str) -> Iterator[_Candidate]:
    """Every non-empty text of the document, ranked: is a summary, is plain text, is not the
    main body by its role, then the order it came in."""
    for order, (name, value) in enumerate(obj.items()):
        if _is_text_key(name, "body_") or _is_text_key(name, "description_") or name == "abstract":
            text = _string(value, prefix + name)
            if text is None:
                continue
            minor = not name.startswith("body_")
            html = _named_html(name.split("_", 1)[-1], text)
            yield (int(minor), int(not html), 0, order), prefix + name, text, html
    for listed, minor in (("bodies", False), ("descriptions", True)):
        if listed in obj:
            yield from _listed(obj[listed], prefix + listed, minor)


def _listed(entries: Any, where: str, minor: bool) -> Iterator[_Candidate]:
    if not isinstance(entries, list):
        raise NewsroomError(f"ninjs field '{where}' must be a list", where)
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]"
        if not isinstance(entry, Mapping):
            raise NewsroomError(f"{at} must be an object", at)
        value = entry.get("value")
        if not isinstance(value, str):
            raise NewsroomError(f"{at}.value must be a string", f"{at}.value")
        if not value.strip():
            continue
        role = str(entry.get("role") or "").lower()
        # ninjs 3.0 renamed contenttype to contentType; either may come.
        kind = entry.get("contentType", entry.get("contenttype"))
        media = str(kind or "").split(";")[0].strip().lower()
        # Without a content type, the role (xhtml, richtext) or the value itself tells.
        html = media in _HTML_TYPES if media else role in _HTML_ROLES or _looks_like_html(value)
        summary = minor or role in _MINOR_ROLES
        rank = (int(summary), int(not html), int(role not in _MAIN_ROLES), index)
        yield rank, f"{at}.value", value, html


def _string(value: Any, name: str) -> str | None:
    """A text field's value when it holds text; None when empty; an error when not a string."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise NewsroomError(f"ninjs field '{name}' must be a string", name)
    return value if value.strip() else None


def _named_html(suffix: str, value: str) -> bool:
    suffix = suffix.lower()
    if suffix in _HTML_NAMES or suffix.startswith(tuple(n + "_" for n in _HTML_NAMES)):
        return True
    if suffix in _PLAIN_NAMES or suffix.startswith(tuple(n + "_" for n in _PLAIN_NAMES)):
        return False
    return _looks_like_html(value)  # body_main, body_new, abstract: whatever it holds


def _meta(obj: Mapping[str, Any], prefix: str) -> tuple[dict[str, str | None], str | None]:
    meta: dict[str, str | None] = {"id": None}
    id_source: str | None = None
    for name in ("uri", "guid"):
        value = obj.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise NewsroomError(f"field '{prefix}{name}' must be a string", prefix + name)
        bad = lone_surrogate(value)
        if bad is not None:  # the id is echoed and logged: it must be valid Unicode, like the text
            raise NewsroomError(
                f"Not valid Unicode: unpaired surrogate at character {bad}.", prefix + name
            )
        meta["id"], id_source = value, prefix + name
        break
    for name in ("headline", "language"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise NewsroomError(f"field '{prefix}{name}' must be a string", prefix + name)
        meta[name] = value
    return meta, id_source


def _looks_like_html(value: str) -> bool:
    """A body without a content type is HTML when it starts with a tag (ninjs leaves it open)."""
    return value.lstrip().startswith("<")
