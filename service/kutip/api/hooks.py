"""Superdesk's HTTP Push transmitter: POST /v1/hooks/superdesk with the ninjs its formatter
makes, signed ``x-superdesk-signature: sha1=<HMAC-SHA1 of the raw body>``.

Superdesk marks a 4xx as failed for good and retries a 5xx, so: a bad signature is 401 and
stores nothing; an item kutip does not read (a picture, another language) is 2xx, recorded as
skipped; a database that does not answer is a 5xx, retried.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, Response, jsonify, request

from kutip.api.archive_routes import counted_ingest
from kutip.api.archive_schemas import HookResponseSchema
from kutip.api.archive_state import archive_state
from kutip.api.errors import ApiError
from kutip.api.inputs import JSON, body_json, require_media_type
from kutip.api.state import service
from kutip.archive.reading import ArticleRequestSchema, read_article
from kutip.archive.records import ArticleInput

SIGNATURE_HEADER = "x-superdesk-signature"
hooks = Blueprint("hooks", __name__, url_prefix="/v1/hooks")
_HOOK = HookResponseSchema()


def signature(secret: str, body: bytes) -> str:
    return "sha1=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha1).hexdigest()


def _verify(secret: str) -> None:
    given = request.headers.get(SIGNATURE_HEADER, "")
    # Constant time: how much of a guess matches must not show in the answer's timing.
    expected = signature(secret, request.get_data(cache=True))
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        detail = "The x-superdesk-signature header is missing or does not match the body."
        raise ApiError(401, "invalid_signature", detail)


def _item() -> ArticleInput:
    require_media_type(request, (JSON,))
    schema = ArticleRequestSchema(max_chars=service().settings.max_text_chars)
    return read_article(body_json(request), schema)


@hooks.post("/superdesk")
def superdesk() -> Response:
    state = archive_state()
    state.database()
    if state.superdesk_secret is None:
        raise ApiError(
            503, "hook_not_configured", "The Superdesk hook is off: set KUTIP_SUPERDESK_SECRET."
        )
    try:
        _verify(state.superdesk_secret)
    except ApiError:
        service().metrics.archive_ingest.labels(source="superdesk", outcome="rejected").inc()
        raise
    stored = counted_ingest("superdesk", _item)
    reason = None
    if stored.outcome == "skipped":
        reason = _skip_reason(stored.article_id)
    body = {
        "id": stored.article_id,
        "version": stored.version,
        "outcome": stored.outcome,
        "reason": reason,
    }
    response = jsonify(_HOOK.dump(body))
    response.status_code = 201 if stored.created else 200
    return response


def _skip_reason(article_id: str) -> str | None:
    from kutip.archive.search import get_article

    found = get_article(archive_state().database(), article_id)
    return None if found is None else found["skip_reason"]
