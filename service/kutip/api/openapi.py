"""The OpenAPI 3.1 document, generated from the marshmallow schemas and the settings in force."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.field_converter import FieldConverterMixin
from marshmallow import fields

from kutip import __version__
from kutip.api import schemas
from kutip.api.archive_openapi import archive_paths, archive_schemas
from kutip.api.config import Settings
from kutip.api.contract import apply_contract
from kutip.api.errors import PROBLEM_MIME
from kutip.api.newsroom import SCHEMAS as NEWSROOM_SCHEMAS
from kutip.formats.offsets import OFFSET_UNITS

NDJSON = "application/x-ndjson"
OUTPUT_HELP = "`html` adds the article with its quotes marked"
DESCRIPTION = """\
kutip finds the quotations in Indonesian news text and says who said them.

Offsets (`start`, `end`) are code point offsets into the text as sent: `text[start:end]`
equals the quote's `text`; `offset_unit` asks for UTF-16 code units (JavaScript) or UTF-8
bytes instead. Every error is an RFC 9457 problem (`application/problem+json`)
with a stable `code`; a 422 lists the messages for each field in `errors`."""

_PROBLEM_STATUSES = {
    400: "The body is not valid JSON or not UTF-8.",
    401: "The API key is missing or not valid.",
    413: "The body is larger than the limit.",
    415: "The Content-Type is not accepted.",
    422: "The body is not valid (see errors), or the document is too complex.",
    500: "The server failed.",
    503: "The engine failed its self-check.",
}
# Answers any request can get, whatever the operation: declared once, referenced everywhere.
_COMMON_RESPONSES = {
    "404": ("NotFound", "No such path: a path this document does not list."),
    "405": ("MethodNotAllowed", "The path does not take this method (see Allow)."),
    "414": ("UriTooLong", "The request line is longer than the server's limit."),
    "431": ("HeadersTooLarge", "A header, or all of them, is larger than the server's limit."),
    "default": ("Error", "Any other error, as an RFC 9457 problem with a stable `code`."),
}
TAGS = [
    {"name": "extraction", "description": "Quotes and who said them."},
    {"name": "rules", "description": "The rules the engine runs."},
    {"name": "archive", "description": "Stored articles, their quotes and speakers, searchable."},
    {"name": "operations", "description": "Health, readiness, metrics: open without a key."},
    {"name": "documentation", "description": "This document and the pages for people."},
]
SECURITY_NOTE = (
    "Enforced only when the server is configured with API keys (KUTIP_API_KEYS); {state}. "
    "The open pages (health, readiness, metrics, documentation) never ask for a key."
)


def _json(schema: str, media: str = "application/json") -> dict[str, Any]:
    return {media: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _responses(ok: dict[str, Any], *problems: int) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": ok}
    for status in problems:
        responses[str(status)] = {
            "description": _PROBLEM_STATUSES[status],
            "content": _json("Problem", PROBLEM_MIME),
        }
    for common, (name, _) in _COMMON_RESPONSES.items():
        responses[common] = {"$ref": f"#/components/responses/{name}"}
    return responses


def _with_common(paths: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Operations described elsewhere (the archive's) get the errors any request can get,
    unless they describe one of those statuses themselves (the archive's own 404)."""
    for operations in paths.values():
        for operation in operations.values():
            for common, (name, _) in _COMMON_RESPONSES.items():
                ref = {"$ref": f"#/components/responses/{name}"}
                operation["responses"].setdefault(common, ref)
    return paths


def _tagged(operation: dict[str, Any], operation_id: str, tag: str) -> dict[str, Any]:
    return {"operationId": operation_id, "tags": [tag], **operation}


def _operations(settings: Settings) -> dict[str, dict[str, Any]]:
    limits = (
        f"Limits: {settings.max_body_bytes} bytes per body, "
        f"{settings.max_text_chars} characters per text, {settings.batch_max} documents per batch."
    )
    extract = {
        "summary": "Find the quotes in one article and who said them",
        "description": (
            "Send JSON (kutip's fields, an IPTC ninjs 1.x, 2.x or 3.x document or a Superdesk "
            "item, told apart by the fields present), or the article itself as `text/plain` or "
            "`text/html`. " + limits
        ),
        "parameters": [
            _query("id", {"type": "string"}, "The document id"),
            _query("output", {"type": "string", "enum": list(schemas.OUTPUTS)}, OUTPUT_HELP),
            _query("include_text", {"type": "boolean"}, "`true` adds the plain text"),
            _offset_unit_query(),
            _query("language", {"type": "string", "maxLength": 64}, "The article's language"),
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "anyOf": [
                            {"$ref": f"#/components/schemas/{name}"}
                            for name in ("ExtractRequest", "Ninjs", "SuperdeskRequest")
                        ]
                    }
                },
                "text/plain": {"schema": {"type": "string", "minLength": 1}},
                "text/html": {"schema": {"type": "string", "minLength": 1}},
            },
        },
        "responses": _responses(
            {"description": "The quotes and speakers.", "content": _json("ExtractResponse")},
            400, 401, 413, 415, 422, 500,
        ),
    }  # fmt: skip
    batch = {
        "summary": "Find the quotes in several articles",
        "description": (
            "Each document gets its own result or its own error; one bad document never fails "
            "the others. With `Accept: application/x-ndjson` the answer streams one BatchItem "
            "per line, in document order. " + limits
        ),
        "parameters": [_offset_unit_query()],
        "requestBody": {"required": True, "content": _json("BatchRequest")},
        "responses": _responses(
            {
                "description": "One item per document.",
                "content": {**_json("BatchResponse"), **_json("BatchItem", NDJSON)},
            },
            400, 401, 413, 415, 422, 500,
        ),
    }  # fmt: skip
    rules = {
        "summary": "The loaded rules: version, ids, counts",
        "responses": _responses(
            {"description": "The rules.", "content": _json("RulesResponse")}, 401
        ),
    }
    ops = {
        "/health": ("Liveness: the process answers", "Health", (), "health"),
        "/ready": ("Readiness: the engine is loaded and works", "Ready", (503,), "ready"),
    }
    paths: dict[str, dict[str, Any]] = {
        "/v1/extract": {"post": _tagged(extract, "extract", "extraction")},
        "/v1/extract/batch": {"post": _tagged(batch, "extractBatch", "extraction")},
        "/v1/rules": {"get": _tagged(rules, "listRules", "rules")},
    }
    for path, (summary, schema, problems, operation_id) in ops.items():
        responses = _responses({"description": "OK", "content": _json(schema)}, *problems)
        operation = {"summary": summary, "security": [], "responses": responses}
        paths[path] = {"get": _tagged(operation, operation_id, "operations")}
    pages = {
        "/metrics": ("Prometheus metrics (text format)", "text/plain", "metrics", "operations"),
        "/openapi.json": ("This document", "application/json", "openapi", "documentation"),
        "/docs": ("A readable page of this document", "text/html", "docs", "documentation"),
        "/": (
            "The page for journalists: paste an article, see its quotes",
            "text/html",
            "page",
            "documentation",
        ),
    }
    for path, (summary, media, operation_id, tag) in pages.items():
        paths[path] = {"get": _tagged(_open_page(summary, media), operation_id, tag)}
    return paths


def _query(name: str, schema: dict[str, Any], what: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": f"{what}, for a `text/plain` or `text/html` body or a newsroom document.",
    }


def _offset_unit_query() -> dict[str, Any]:
    # Any body: a JSON body's own offset_unit wins over the query's.
    return {
        "name": "offset_unit",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": list(OFFSET_UNITS)},
        "description": "What every offset in the answer counts: `codepoint` (default), "
        "`utf16` (JavaScript) or `utf8`; a JSON body's own `offset_unit` wins.",
    }


def _open_page(summary: str, media: str) -> dict[str, Any]:
    body = {"type": "object"} if media == "application/json" else {"type": "string"}
    ok = {"description": "OK", "content": {media: {"schema": body}}}
    return {"summary": summary, "security": [], "responses": _responses(ok)}


def _items_from_metadata(
    converter: FieldConverterMixin, field: fields.Field[Any], **kwargs: Any
) -> dict[str, Any]:
    # BatchRequest.documents is a list of raw values (each document is checked on its own, so
    # a bad one fails alone); its metadata says what the items are. apispec's own list rule
    # runs after the metadata one and would replace ``items`` with ``{}``, so this runs last.
    items = field.metadata.get("items")
    return {"items": items} if isinstance(field, fields.List) and items else {}


def build_openapi(settings: Settings, requests: schemas.RequestSchemas) -> dict[str, Any]:
    """The document as a dict. Request schemas are the configured instances, limits included."""
    # The key is declared always, so the document (and a client generated from it) is the same
    # for every server; without configured keys it is optional ({}), as the server treats it.
    # The open pages ask for none (security: []).
    security: list[dict[str, list[str]]] = [{"ApiKey": []}, {"Bearer": []}]
    if not settings.api_keys:
        security.append({})
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="kutip",
        version=__version__,
        openapi_version="3.1.0",
        plugins=[plugin],
        info={"description": DESCRIPTION},
        security=security,
        tags=TAGS,
    )
    assert plugin.converter is not None  # set by APISpec when it registers the plugin
    plugin.converter.add_attribute_function(_items_from_metadata)  # type: ignore[no-untyped-call]
    # Leaves first: a nested schema registered before its name is given would clash with it.
    named: dict[str, Any] = {
        "Options": schemas.OptionsSchema,
        "Span": schemas.SpanSchema,
        "Cue": schemas.CueSchema,
        "QuoteSpeaker": schemas.QuoteSpeakerSchema,
        "Quote": schemas.QuoteSchema,
        "Speaker": schemas.SpeakerSchema,
        "Language": schemas.LanguageSchema,
        "ExtractResponse": schemas.ExtractResponseSchema,
        "Problem": schemas.ProblemSchema,
        "BatchItem": schemas.BatchItemSchema,
        "BatchResponse": schemas.BatchResponseSchema,
        "Rule": schemas.RuleSchema,
        "RulesResponse": schemas.RulesResponseSchema,
        "Health": schemas.HealthSchema,
        "Ready": schemas.ReadySchema,
        "ExtractRequest": requests.extract,
        "BatchRequest": requests.batch,
        "BatchDocument": requests.document,
    }
    named.update(NEWSROOM_SCHEMAS)
    named.update(archive_schemas(settings.max_text_chars))
    for name, schema in named.items():
        spec.components.schema(name, schema=schema)
    note = SECURITY_NOTE.format(
        state="this server enforces it" if settings.api_keys else "this server does not"
    )
    spec.components.security_scheme(
        "ApiKey", {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": note}
    )
    spec.components.security_scheme(
        "Bearer", {"type": "http", "scheme": "bearer", "description": note}
    )
    for name, description in _COMMON_RESPONSES.values():
        spec.components.response(
            name, {"description": description, "content": _json("Problem", PROBLEM_MIME)}
        )
    for path, operations in {**_operations(settings), **_with_common(archive_paths())}.items():
        spec.path(path=path, operations=operations)
    return apply_contract(spec.to_dict())
