"""From a request to one document: ``read_document(request, schema)`` -> (id, text, options).

Each accepted media type has a reader that turns the body into the fields ExtractRequestSchema
checks (``text``, ``id``, ``options``). To accept another format (an HTML body, IPTC ninjs,
``{"html": ...}``) write its reader and add it to READERS; validation stays in one place.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Request
from marshmallow import Schema

from kutip.api.errors import ApiError

JSON = "application/json"
PLAIN = "text/plain"


@dataclass(frozen=True, slots=True)
class Document:
    id: str | None
    text: str
    options: Mapping[str, Any]


def body_text(req: Request) -> str:
    """The body decoded as UTF-8 (a leading byte order mark is not part of the text)."""
    encoding = (req.content_encoding or "identity").lower()
    if encoding != "identity":
        # Compressed bodies would otherwise fail as "not UTF-8", which would mislead.
        raise ApiError(
            415, "unsupported_media_type", f"Content-Encoding {encoding} is not accepted."
        )
    raw = req.get_data(cache=True)
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


def _plain_fields(req: Request) -> dict[str, Any]:
    # A text/plain body is the text itself; the document id may come in the query string.
    fields: dict[str, Any] = {"text": body_text(req)}
    if "id" in req.args:
        fields["id"] = req.args["id"]
    return fields


READERS: dict[str, Callable[[Request], Any]] = {JSON: body_json, PLAIN: _plain_fields}


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
    data = schema.load(reader(req))
    return Document(id=data.get("id"), text=data["text"], options=data.get("options", {}))
