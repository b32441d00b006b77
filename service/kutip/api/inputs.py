"""From a request to one document: ``read_document(request, schema)`` -> (id, text, options).

Each accepted media type has a reader that turns the body into the fields ExtractRequestSchema
checks (``text`` or ``html``, ``id``, ``language``, ``options``, ``output``, ``include_text``,
``offset_unit``): JSON (kutip's own fields, or an IPTC ninjs 1.x-3.x document or Superdesk
item, told apart by the fields present), text/plain and text/html. Validation stays in one
place (the schema).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Request
from gunicorn.http.errors import ParseException
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import ClientDisconnected

from kutip.api.errors import ApiError
from kutip.formats.html import HtmlText
from kutip.formats.ninjs import NewsroomError, is_newsroom_document, newsroom_body

JSON = "application/json"
PLAIN = "text/plain"
HTML = "text/html"
# Fields a body that is the article itself (or a newsroom document) may take from the query.
QUERY_FIELDS = ("id", "output", "include_text", "offset_unit", "language")
# kutip's own fields a client may send beside a newsroom document (ninjs has none of them).
ENVELOPE_FIELDS = ("options", "output", "include_text", "offset_unit")
MALFORMED_CHUNKS = "malformed_chunked_body"
# Set in the WSGI environ when the body could not be read: the worker closes the connection.
CLOSE_ENV = "kutip.close_connection"
# Set when an answer was outsized: the worker is replaced after it (memory).
RECYCLE_ENV = "kutip.recycle_worker"


@dataclass(frozen=True, slots=True)
class Document:
    id: str | None
    text: str
    options: Mapping[str, Any]
    markup: HtmlText | None = None  # set when the article came as HTML: maps text back into it
    language: str | None = None  # as the document declared it (None: it did not say)


def _read_body(req: Request) -> bytes:
    """The body, whole; 413 when a body sent without Content-Length (chunked) is too long.

    Werkzeug stops reading such a body at MAX_CONTENT_LENGTH without an error (its stream's
    readall ends at the limit), so a longer body would come back silently cut: one byte more
    from the server's stream tells the two apart.
    """
    try:
        raw = req.get_data(cache=True)
        limit = req.max_content_length
        at_limit = req.content_length is None and limit is not None and len(raw) >= limit
        more = at_limit and req.environ["wsgi.input"].read(1)
    except ParseException as exc:
        # gunicorn's chunked reader refuses a bad chunk size, terminator, extension or trailer
        # while the view reads the body: the client's error. Its message quotes body bytes,
        # so neither the answer nor the log carries it; the connection is closed after.
        req.environ[CLOSE_ENV] = True
        kind = type(exc).__name__
        raise ApiError(
            400, MALFORMED_CHUNKS, f"The chunked body is malformed ({kind}); it was not read."
        ) from None
    except (ClientDisconnected, OSError) as exc:
        # Werkzeug turns a failed read into ClientDisconnected, raised while handling it.
        if not isinstance(exc, TimeoutError) and not isinstance(exc.__context__, TimeoutError):
            raise
        req.environ[CLOSE_ENV] = True  # kutip's worker bounds the time a request may take
        raise ApiError(
            408, "request_timeout", "The body did not arrive in the time allowed."
        ) from None
    if more:
        raise ApiError(
            413, "payload_too_large", f"The body is longer than the limit of {limit} bytes."
        )
    return raw


def body_text(req: Request) -> str:
    """The body decoded as UTF-8 (a leading byte order mark is not part of the text)."""
    encoding = (req.content_encoding or "identity").lower()
    if encoding != "identity":
        # Compressed bodies would otherwise fail as "not UTF-8", which would mislead.
        raise ApiError(
            415, "unsupported_media_type", f"Content-Encoding {encoding} is not accepted."
        )
    raw = _read_body(req)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400, "invalid_utf8", f"The body is not valid UTF-8 (byte {exc.start})."
        ) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def body_json(req: Request) -> Any:
    """The body parsed as strict JSON (no NaN or Infinity)."""
    text = body_text(req)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        detail = f"The body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
    except ValueError as exc:
        detail = f"The body is not valid JSON: {exc}."
    except RecursionError:
        detail = "The body is not valid JSON: it is nested too deeply."
    raise ApiError(400, "malformed_json", detail)


@dataclass(frozen=True, slots=True)
class Fields:
    """A body as the fields a request schema checks, and where a newsroom document had them.

    ``names`` maps kutip's field names to the sender's (``html`` -> ``bodies[1].value``), so a
    validation error names a field the sender wrote. ``id`` is a newsroom document's uri or
    guid: it is the sender's own identifier, of any length, so the schema's id limit (meant
    for kutip's own ``id`` field) does not apply to it.
    """

    values: Any
    id: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)

    def load(self, schema: Schema) -> dict[str, Any]:
        """The fields loaded by ``schema``; a ValidationError names the sender's fields."""
        try:
            data: dict[str, Any] = schema.load(self.values)
        except ValidationError as exc:
            if not self.names or not isinstance(exc.messages, dict):
                raise
            messages = {self.names.get(str(k), str(k)): v for k, v in exc.messages.items()}
            raise ValidationError(messages) from None
        if self.id is not None:
            data["id"] = self.id
        return data


def with_query_unit(raw: Any, query: Mapping[str, str]) -> Any:
    """A JSON body with ``?offset_unit=`` in it, unless it says its own offset_unit."""
    if isinstance(raw, dict) and "offset_unit" in query and "offset_unit" not in raw:
        return {**raw, "offset_unit": query["offset_unit"]}
    return raw


def document_fields(
    raw: Any, query: Mapping[str, str] | None = None, *, envelope: bool = True
) -> Fields:
    """An IPTC ninjs document or Superdesk item as the fields ExtractRequestSchema checks
    (its ``uri``/``guid`` as the id, its body as ``text`` or ``html``, its language); anything
    else as it is. With ``envelope``, the options sent beside a newsroom document (``options``,
    ``output``, ``include_text``, ``offset_unit``) are kept, else taken from the query.
    """
    query = query or {}
    if not isinstance(raw, dict) or "text" in raw or "html" in raw or not is_newsroom_document(raw):
        return Fields(with_query_unit(raw, query))
    try:
        body = newsroom_body(raw)
    except NewsroomError as exc:
        raise ValidationError({exc.field: [str(exc)]}) from None
    kind = "html" if body.is_html else "text"
    values: dict[str, Any] = {kind: body.value}
    names = {kind: body.source}
    if body.language is not None:
        values["language"] = body.language
        names["language"] = "item.language" if body.source.startswith("item.") else "language"
    if envelope:
        for name in ENVELOPE_FIELDS:
            if name in raw:
                values[name] = raw[name]
    for name in QUERY_FIELDS:
        if name in query and name not in values and not (name == "id" and body.id is not None):
            values[name] = query[name]
    return Fields(values, body.id, names)


def _query_fields(req: Request, fields: dict[str, Any]) -> Fields:
    # A body that is the article itself: the id and output options come in the query string.
    fields.update((name, req.args[name]) for name in QUERY_FIELDS if name in req.args)
    return Fields(fields)


def _plain_fields(req: Request) -> Fields:
    return _query_fields(req, {"text": body_text(req)})


def _html_fields(req: Request) -> Fields:
    return _query_fields(req, {"html": body_text(req)})


def _json_fields(req: Request) -> Fields:
    return document_fields(body_json(req), req.args)


READERS: dict[str, Callable[[Request], Fields]] = {
    JSON: _json_fields,
    PLAIN: _plain_fields,
    HTML: _html_fields,
}


def require_media_type(req: Request, accepted: Collection[str]) -> str:
    """The request's media type if it is one of ``accepted`` and UTF-8; 415 otherwise."""
    mimetype = req.mimetype
    wanted = " or ".join(accepted)
    if not mimetype:
        raise ApiError(415, "unsupported_media_type", f"Send a Content-Type: {wanted}.")
    if mimetype not in accepted:
        raise ApiError(
            415, "unsupported_media_type", f"Content-Type {mimetype} is not accepted; use {wanted}."
        )
    charset = req.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(
            415, "unsupported_media_type", f"Charset {charset} is not accepted; send UTF-8."
        )
    return mimetype


def read_document(req: Request, schema: Schema) -> Document:
    """The document in the request; 400, 415 or 422 (marshmallow's ValidationError) if none."""
    reader = READERS[require_media_type(req, READERS)]
    return loaded_document(reader(req).load(schema))


def loaded_document(data: Mapping[str, Any], options: Mapping[str, Any] | None = None) -> Document:
    """The Document a request schema loaded (``options``: a batch's, shared by its documents)."""
    return Document(
        id=data.get("id"),
        text=data["text"],
        options=data.get("options", {}) if options is None else options,
        markup=data.get("markup"),
        language=data.get("language"),
    )
