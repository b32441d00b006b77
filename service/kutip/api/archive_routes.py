"""The archive's /v1 routes: store articles, search quotes and speakers, correct quotes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import Blueprint, Request, Response, jsonify, request
from marshmallow import Schema, ValidationError

from kutip.api.archive_schemas import (
    ArticleSchema,
    IngestResponseSchema,
    PageQuerySchema,
    QuoteAddSchema,
    QuoteEditSchema,
    QuotePageSchema,
    QuoteQuerySchema,
    SpeakerListSchema,
    SpeakerPageSchema,
    SpeakerQuerySchema,
)
from kutip.api.archive_state import archive_state
from kutip.api.errors import ApiError
from kutip.api.inputs import HTML, JSON, PLAIN, body_json, body_text, require_media_type
from kutip.api.state import service
from kutip.archive.editing import EditError, add_quote, edit_quote
from kutip.archive.reading import ArticleRequestSchema, article_from_fields, read_article
from kutip.archive.records import ArticleInput
from kutip.archive.search import (
    BadCursorError,
    QuoteQuery,
    find_speakers,
    get_article,
    get_speaker,
    search_quotes,
)
from kutip.archive.store import Stored, ingest
from kutip.engine import DocumentTooComplexError

archive = Blueprint("archive", __name__, url_prefix="/v1")
_ARTICLE = ArticleSchema()
_INGESTED = IngestResponseSchema()
_PAGE = QuotePageSchema()
_SPEAKERS = SpeakerListSchema()
_SPEAKER = SpeakerPageSchema()
# The request schemas hold no state between loads: built once, not per request.
_QUOTE_QUERY = QuoteQuerySchema()
_SPEAKER_QUERY = SpeakerQuerySchema()
_PAGE_QUERY = PageQuerySchema()
_QUOTE_EDIT = QuoteEditSchema()
_QUOTE_ADD = QuoteAddSchema()
T = TypeVar("T")
MAX_ID = 2**31 - 1
# Metadata a text/plain or text/html body takes from the query string.
_QUERY_META = ("id", "version", "headline", "outlet", "language", "published_at", "url")


def _article_input(req: Request) -> ArticleInput:
    mimetype = require_media_type(req, (JSON, PLAIN, HTML))
    schema = ArticleRequestSchema(max_chars=service().settings.max_text_chars)
    if mimetype == JSON:
        return read_article(body_json(req), schema)
    fields = {name: req.args[name] for name in _QUERY_META if name in req.args}
    fields["text" if mimetype == PLAIN else "html"] = body_text(req)
    return article_from_fields(schema.load(fields))


def counted_ingest(source: str, read: Callable[[], ArticleInput]) -> Stored:
    """Read and store one article, counting the outcome (``rejected`` when the caller erred)."""
    svc = service()
    db = archive_state().database()
    counter = svc.metrics.archive_ingest
    try:
        article = read()
        stored = ingest(db, svc.engine, article)
    except (ApiError, ValidationError, DocumentTooComplexError):
        counter.labels(source=source, outcome="rejected").inc()
        raise
    counter.labels(source=source, outcome=stored.outcome).inc()
    return stored


def _article_or_404(article_id: str) -> dict[str, Any]:
    found = get_article(archive_state().database(), article_id)
    if found is None:
        raise ApiError(404, "article_not_found", f"No article {article_id!r} in the archive.")
    return found


@archive.post("/articles")
def post_article() -> Response:
    stored = counted_ingest("api", lambda: _article_input(request))
    body = {**_article_or_404(stored.article_id), "outcome": stored.outcome}
    response = jsonify(_INGESTED.dump(body))
    response.status_code = 201 if stored.created else 200
    return response


@archive.get("/articles/<article_id:article_id>")
def article(article_id: str) -> Response:
    return jsonify(_ARTICLE.dump(_article_or_404(article_id)))


def _load(schema: Schema, data: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = schema.load(data)
    return loaded


@contextmanager
def _edit_errors() -> Iterator[None]:
    try:
        yield
    except EditError as exc:
        raise ApiError(exc.status, exc.code, exc.detail) from None


@archive.patch("/articles/<article_id:article_id>/quotes/<quote_id>")
def patch_quote(article_id: str, quote_id: str) -> Response:
    db = archive_state().database()
    require_media_type(request, (JSON,))
    changes = _load(_QUOTE_EDIT, body_json(request))
    with _edit_errors():
        edit_quote(db, article_id, quote_id, changes)
    return jsonify(_ARTICLE.dump(_article_or_404(article_id)))


@archive.post("/articles/<article_id:article_id>/quotes")
def post_quote(article_id: str) -> Response:
    db = archive_state().database()
    require_media_type(request, (JSON,))
    added = _load(_QUOTE_ADD, body_json(request))
    with _edit_errors():
        add_quote(db, article_id, added["start"], added["end"], added["type"], added.get("speaker"))
    response = jsonify(_ARTICLE.dump(_article_or_404(article_id)))
    response.status_code = 201
    return response


def _timed(route: str, run: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return run()
    except BadCursorError as exc:
        raise ValidationError({"cursor": [str(exc)]}) from None
    finally:
        service().metrics.archive_search.labels(route=route).observe(time.perf_counter() - started)


@archive.get("/quotes")
def quotes() -> Response:
    db = archive_state().database()
    query = QuoteQuery(**_load(_QUOTE_QUERY, request.args))
    found, cursor = _timed("/v1/quotes", lambda: search_quotes(db, query))
    return jsonify(_PAGE.dump({"quotes": found, "next_cursor": cursor}))


@archive.get("/speakers")
def speakers() -> Response:
    db = archive_state().database()
    args = _load(_SPEAKER_QUERY, request.args)
    found = _timed("/v1/speakers", lambda: find_speakers(db, args.get("q"), args["limit"]))
    return jsonify(_SPEAKERS.dump({"speakers": found}))


@archive.get("/speakers/<int:speaker_id>")
def speaker(speaker_id: int) -> Response:
    db = archive_state().database()
    args = _load(_PAGE_QUERY, request.args)
    # Ids beyond a 32-bit integer were never given out (and would overflow the database's).
    person = get_speaker(db, speaker_id) if speaker_id <= MAX_ID else None
    if person is None:
        raise ApiError(404, "speaker_not_found", f"No speaker {speaker_id} in the archive.")
    query = QuoteQuery(speaker=str(speaker_id), limit=args["limit"], cursor=args.get("cursor"))
    found, cursor = _timed("/v1/speakers/{id}", lambda: search_quotes(db, query))
    return jsonify(_SPEAKER.dump({"speaker": person, "quotes": found, "next_cursor": cursor}))
