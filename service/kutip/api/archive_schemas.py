"""Marshmallow schemas of the archive's routes (requests, queries, responses)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from kutip.api.schemas import QUOTE_TYPES, QuoteSchema

OUTCOMES = ("stored", "unchanged", "stale", "skipped")
ORIGINS = ("machine", "editor")
MAX_LIMIT = 100


class UtcDateTime(fields.DateTime):
    """The archive keeps naive UTC; answers say so (RFC 3339 needs an offset)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ArticleBriefSchema(Schema):
    id = fields.String(required=True)
    headline = fields.String(required=True, allow_none=True)
    outlet = fields.String(required=True, allow_none=True)
    published_at = UtcDateTime(required=True, allow_none=True)
    url = fields.String(required=True, allow_none=True)


class ArchivedQuoteSchema(QuoteSchema):
    """A quote as /v1/extract gives it, plus what the archive knows of it."""

    origin = fields.String(
        required=True,
        validate=validate.OneOf(ORIGINS),
        metadata={"description": "`machine` (the engine) or `editor` (added by hand)."},
    )
    corrected = fields.Boolean(
        required=True, metadata={"description": "An editor changed or added it."}
    )
    speaker_id = fields.Integer(
        required=True, allow_none=True, metadata={"description": "See /v1/speakers/{id}."}
    )
    context = fields.String(
        required=True, metadata={"description": "The quote with some of its paragraph."}
    )
    article = fields.Nested(ArticleBriefSchema, metadata={"description": "In search results."})


class ArticleSchema(Schema):
    id = fields.String(required=True)
    version = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("stored", "skipped")))
    skip_reason = fields.String(required=True, allow_none=True)
    headline = fields.String(required=True, allow_none=True)
    outlet = fields.String(required=True, allow_none=True)
    language = fields.String(required=True, allow_none=True)
    published_at = UtcDateTime(required=True, allow_none=True)
    url = fields.String(required=True, allow_none=True)
    text = fields.String(
        required=True, allow_none=True, metadata={"description": "The text offsets index."}
    )
    engine_version = fields.String(required=True, allow_none=True)
    rules_version = fields.String(required=True, allow_none=True)
    ingested_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    warnings = fields.List(fields.String(), required=True)
    quotes = fields.List(fields.Nested(ArchivedQuoteSchema), required=True)


class IngestResponseSchema(ArticleSchema):
    outcome = fields.String(
        required=True,
        validate=validate.OneOf(OUTCOMES),
        metadata={"description": "`unchanged`: this version was stored; `stale`: a newer one is."},
    )


class HookResponseSchema(Schema):
    id = fields.String(required=True)
    version = fields.String(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    reason = fields.String(required=True, allow_none=True)


class QuotePageSchema(Schema):
    quotes = fields.List(fields.Nested(ArchivedQuoteSchema), required=True)
    next_cursor = fields.String(
        required=True, allow_none=True, metadata={"description": "Pass as `cursor`; null: done."}
    )


class SpeakerSummarySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    quotes = fields.Integer(required=True, metadata={"description": "How many quotes."})
    first_quoted = UtcDateTime(required=True, allow_none=True)
    last_quoted = UtcDateTime(required=True, allow_none=True)
    aliases = fields.List(fields.String(), required=True)
    roles = fields.List(fields.String(), required=True)
    affiliations = fields.List(fields.String(), required=True)


class SpeakerListSchema(Schema):
    speakers = fields.List(fields.Nested(SpeakerSummarySchema), required=True)


class SpeakerPageSchema(QuotePageSchema):
    speaker = fields.Nested(SpeakerSummarySchema, required=True)


def _limit() -> fields.Integer:
    return fields.Integer(
        load_default=20,
        validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Quotes per page, 1 to {MAX_LIMIT}."},
    )


def _query_text(description: str) -> fields.String:
    return fields.String(
        validate=validate.Length(min=1, max=500), metadata={"description": description}
    )


class QuoteQuerySchema(Schema):
    """GET /v1/quotes. Parameters it does not know are ignored, as elsewhere in the API."""

    class Meta:
        unknown = EXCLUDE

    q = _query_text("Words that must all be in the quote.")
    speaker = _query_text("A speaker id, or a name or alias.")
    type = fields.String(validate=validate.OneOf(QUOTE_TYPES))
    since = fields.DateTime(metadata={"description": "Published at or after (ISO 8601)."})
    until = fields.DateTime(metadata={"description": "Published before (ISO 8601)."})
    outlet = _query_text("The outlet, exactly.")
    article = _query_text("An article id.")
    limit = _limit()
    cursor = fields.String(
        validate=validate.Length(min=1, max=200), metadata={"description": "From next_cursor."}
    )

    @post_load
    def _naive_utc(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        # Stored times are naive UTC; a bound with an offset is moved there, one without is UTC.
        for name in ("since", "until"):
            moment = data.get(name)
            if moment is not None and moment.tzinfo is not None:
                data[name] = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return data


class SpeakerQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    q = _query_text("Part of a name or alias.")
    limit = _limit()


class PageQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = _limit()
    cursor = fields.String(validate=validate.Length(min=1, max=200))


class QuoteEditSchema(Schema):
    """PATCH a quote: its speaker (null: nobody said it) or type, or drop it."""

    speaker = fields.String(allow_none=True, validate=validate.Length(min=1, max=300))
    type = fields.String(validate=validate.OneOf(QUOTE_TYPES))
    dropped = fields.Boolean(metadata={"description": "`true` removes a false quote."})

    @validates_schema
    def _something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError("Send speaker, type or dropped.", "_schema")
        if data.get("dropped") and len(data) > 1:
            raise ValidationError("A dropped quote takes no other change.", "dropped")


class QuoteAddSchema(Schema):
    """POST a quote the engine missed: its span in the article's text."""

    start = fields.Integer(required=True, validate=validate.Range(min=0))
    end = fields.Integer(required=True, validate=validate.Range(min=1))
    type = fields.String(load_default="direct", validate=validate.OneOf(QUOTE_TYPES))
    speaker = fields.String(allow_none=True, validate=validate.Length(min=1, max=300))

    @validates_schema
    def _span(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "start" in data and "end" in data and data["end"] <= data["start"]:
            raise ValidationError("end must be after start.", "end")


SCHEMAS: dict[str, type[Schema]] = {
    "ArticleBrief": ArticleBriefSchema,
    "ArchivedQuote": ArchivedQuoteSchema,
    "Article": ArticleSchema,
    "IngestResponse": IngestResponseSchema,
    "HookResponse": HookResponseSchema,
    "QuotePage": QuotePageSchema,
    "SpeakerSummary": SpeakerSummarySchema,
    "SpeakerList": SpeakerListSchema,
    "SpeakerPage": SpeakerPageSchema,
    "QuoteEdit": QuoteEditSchema,
    "QuoteAdd": QuoteAddSchema,
}
