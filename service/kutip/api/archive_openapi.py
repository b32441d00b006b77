"""The archive's operations for /openapi.json (added to kutip.api.openapi's paths).

Every answer a route gives is declared: 503 on every one of them (the archive is not
configured, its database does not answer, or its schema is not current).
"""

from __future__ import annotations

from typing import Any

from kutip.api.archive_schemas import SCHEMAS
from kutip.api.errors import PROBLEM_MIME

TAG = "archive"
_PROBLEMS = {
    400: "The body is not valid JSON or not UTF-8.",
    401: "The API key is missing or not valid.",
    404: "No such article, quote or speaker.",
    409: "The article was skipped: it has no quotes to correct.",
    413: "The body is larger than the limit.",
    415: "The Content-Type is not accepted.",
    422: "The body or a parameter is not valid (see errors).",
    500: "The server failed.",
    503: "The archive is not configured, not migrated, or its database does not answer.",
}
_ARTICLE_BODY = {
    "anyOf": [{"$ref": "#/components/schemas/ArticleRequest"}]
    + [{"$ref": f"#/components/schemas/{name}"} for name in ("Ninjs", "SuperdeskRequest")]
}


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _op(
    operation_id: str,
    summary: str,
    ok: dict[str, tuple[str, str]],
    problems: tuple[int, ...],
    **extra: Any,
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        status: {"description": what, "content": _json(schema)}
        for status, (what, schema) in ok.items()
    }
    for status in (*problems, 500, 503):
        responses[str(status)] = {
            "description": _PROBLEMS[status],
            "content": {PROBLEM_MIME: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return {
        "operationId": operation_id,
        "tags": [TAG],
        "summary": summary,
        "responses": responses,
        **extra,
    }


def _param(name: str, where: str, schema: dict[str, Any], what: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "description": what,
    }


_TEXT = {"type": "string", "minLength": 1, "maxLength": 500}
_LIMIT = {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
_CURSOR = {"type": "string", "minLength": 1, "maxLength": 200}
_TIME = {"type": "string", "format": "date-time"}
_ARTICLE_ID = _param("article_id", "path", {"type": "string", "minLength": 1}, "The article id")


def archive_paths() -> dict[str, dict[str, Any]]:
    stored = {
        "201": ("Stored (or newly recorded as skipped).", "IngestResponse"),
        "200": ("Unchanged: this version, or a newer one, is stored.", "IngestResponse"),
    }
    page = [
        _param("limit", "query", _LIMIT, "Quotes per page"),
        _param("cursor", "query", _CURSOR, "The next_cursor of the page before"),
    ]
    meta_params = [
        _param(name, "query", {"type": "string"}, f"The article's {name}, for a text body")
        for name in ("id", "version", "headline", "outlet", "language", "published_at", "url")
    ]
    return {
        "/v1/articles": {
            "post": _op(
                "storeArticle",
                "Store an article and its quotes in the archive",
                stored,
                (400, 401, 413, 415, 422),
                description=(
                    "Any input /v1/extract takes, plus metadata. The same version twice is a "
                    "no-op; an older version never replaces a newer one; another language is "
                    "recorded as skipped."
                ),
                parameters=meta_params,
                requestBody={
                    "required": True,
                    "content": {
                        "application/json": {"schema": _ARTICLE_BODY},
                        "text/plain": {"schema": {"type": "string", "minLength": 1}},
                        "text/html": {"schema": {"type": "string", "minLength": 1}},
                    },
                },
            )
        },
        "/v1/articles/{article_id}": {
            "get": _op(
                "getArticle",
                "One stored article and its quotes",
                {"200": ("The article.", "Article")},
                (401, 404),
                parameters=[_ARTICLE_ID],
            )
        },
        "/v1/articles/{article_id}/quotes": {
            "post": _op(
                "addQuote",
                "Add a quote the engine missed (kept over re-extraction)",
                {"201": ("The article with the quote added.", "Article")},
                (400, 401, 404, 409, 413, 415, 422),
                parameters=[_ARTICLE_ID],
                requestBody={"required": True, "content": _json("QuoteAdd")},
            )
        },
        "/v1/articles/{article_id}/quotes/{quote_id}": {
            "patch": _op(
                "correctQuote",
                "Correct a quote's speaker or type, or drop it (kept over re-extraction)",
                {"200": ("The article with the correction applied.", "Article")},
                (400, 401, 404, 409, 413, 415, 422),
                parameters=[
                    _ARTICLE_ID,
                    _param("quote_id", "path", {"type": "string", "minLength": 1}, "q1, e2, ..."),
                ],
                requestBody={"required": True, "content": _json("QuoteEdit")},
            )
        },
        "/v1/hooks/superdesk": {
            "post": _op(
                "superdeskPush",
                "Superdesk's HTTP Push transmitter: a signed ninjs item",
                {
                    "201": ("Stored, or recorded as skipped.", "HookResponse"),
                    "200": ("Unchanged.", "HookResponse"),
                },
                (400, 401, 413, 415, 422),
                description=(
                    "Signed `x-superdesk-signature: sha1=<HMAC-SHA1 of the body>` with "
                    "KUTIP_SUPERDESK_SECRET (401 otherwise; nothing is stored). A picture or an "
                    "item in another language is 2xx and recorded as skipped."
                ),
                security=[],
                parameters=[
                    _param(
                        "x-superdesk-signature", "header", {"type": "string"}, "sha1=<hex digest>"
                    )
                ],
                requestBody={"required": True, "content": _json("Ninjs")},
            )
        },
        "/v1/quotes": {
            "get": _op(
                "searchQuotes",
                "Search the archive's quotes, newest first",
                {"200": ("One page of quotes.", "QuotePage")},
                (401, 422),
                parameters=[
                    _param("q", "query", _TEXT, "Words that must all be in the quote"),
                    _param("speaker", "query", _TEXT, "A speaker id, name or alias"),
                    _param(
                        "type",
                        "query",
                        {"type": "string", "enum": ["direct", "indirect", "mixed"]},
                        "The quote type",
                    ),
                    _param("since", "query", _TIME, "Published at or after"),
                    _param("until", "query", _TIME, "Published before"),
                    _param("outlet", "query", _TEXT, "The outlet, exactly"),
                    _param("article", "query", _TEXT, "An article id"),
                    *page,
                ],
            )
        },
        "/v1/speakers": {
            "get": _op(
                "searchSpeakers",
                "People quoted in the archive, with counts, roles and affiliations",
                {"200": ("The speakers, most quoted first.", "SpeakerList")},
                (401, 422),
                parameters=[
                    _param("q", "query", _TEXT, "Part of a name or alias"),
                    _param("limit", "query", _LIMIT, "How many"),
                ],
            )
        },
        "/v1/speakers/{speaker_id}": {
            "get": _op(
                "getSpeaker",
                "One person's quotes over time",
                {"200": ("The speaker and a page of their quotes.", "SpeakerPage")},
                (401, 404, 422),
                parameters=[
                    _param("speaker_id", "path", {"type": "integer", "minimum": 0}, "Speaker id"),
                    *page,
                ],
            )
        },
    }


def archive_schemas(max_chars: int) -> dict[str, Any]:
    """The archive's named schemas; the request schema carries the configured text limit."""
    from kutip.archive.reading import ArticleRequestSchema

    return {"ArticleRequest": ArticleRequestSchema(max_chars=max_chars), **SCHEMAS}
