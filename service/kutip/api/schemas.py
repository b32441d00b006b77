"""Marshmallow schemas for every request and response body; /openapi.json is generated from them.

Request schemas reject unknown fields (marshmallow's default, RAISE). Limits that come from the
settings are added per instance, so the OpenAPI document shows the limits actually in force.
Responses are dumped through their schema, so the document and the answers cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from kutip.formats.document import lone_surrogate
from kutip.formats.html import html_to_text
from kutip.formats.language import COVERED
from kutip.formats.offsets import OFFSET_UNITS

QUOTE_TYPES = ("direct", "indirect", "mixed")
OUTPUTS = ("json", "html")
RESOLVED_BY = ("explicit", "alias", "pronoun", "clitic", "continuation", "description", "none")


def _text_is_usable(value: str) -> None:
    if not value.strip():
        raise ValidationError("Text must not be empty or only white space.")
    bad = lone_surrogate(value)
    if bad is not None:
        raise ValidationError(f"Text is not valid Unicode: unpaired surrogate at character {bad}.")


def _text_field(description: str, required: bool = True) -> fields.String:
    return fields.String(
        required=required, validate=_text_is_usable, metadata={"description": description}
    )


def _add_validator(schema: Schema, name: str, validator: validate.Validator) -> None:
    # A new list, never append: marshmallow copies fields shallowly, so the list is shared
    # with the class and every other instance (another app's limit would leak in).
    field = schema.fields[name]
    field.validators = [*field.validators, validator]


def _limit_text(schema: Schema, max_chars: int) -> None:
    error = "Text is longer than {max} characters."
    _add_validator(schema, "text", validate.Length(max=max_chars, error=error))


def _no_lone_surrogate(value: str) -> None:
    # An id is echoed and logged: it must be valid Unicode, like the text.
    bad = lone_surrogate(value)
    if bad is not None:
        raise ValidationError(f"Not valid Unicode: unpaired surrogate at character {bad}.")


def _id_field(**kwargs: Any) -> fields.String:
    return fields.String(
        validate=[validate.Length(min=1, max=256), _no_lone_surrogate],
        metadata={"description": "The caller's identifier for the document, echoed back."},
        **kwargs,
    )


class OptionsSchema(Schema):
    """Filters applied to the engine's answer."""

    types = fields.List(
        fields.String(validate=validate.OneOf(QUOTE_TYPES)),
        validate=validate.Length(min=1),
        metadata={"description": "Only return quotes of these types (default: all)."},
    )
    min_confidence = fields.Float(
        validate=validate.Range(min=0.0, max=1.0),
        metadata={"description": "Only return quotes at least this confident (default: 0)."},
    )


def _language_field() -> fields.String:
    covered = ", ".join(f"`{tag}`" for tag in sorted(COVERED))
    return fields.String(
        allow_none=True,
        validate=validate.Length(max=64),
        metadata={
            "description": "The article's language, a BCP 47 tag (`id`, `id-ID`, `en`). kutip "
            f"reads Indonesian ({covered}); none means Indonesian. Any other language gets no "
            "quotes and a `language_not_covered` warning."
        },
    )


class _ArticleSchema(Schema):
    """The article as ``text`` or as ``html``, never both; HTML is read into text when loaded.

    Loading an HTML article gives ``text`` (the plain text the offsets will index, checked
    against the same limit) and ``markup`` (kutip.formats.html.HtmlText, the offset map).
    """

    text = _text_field(
        "The article as plain text; paragraphs separated by a blank line. Send this or html.",
        required=False,
    )
    html = fields.String(
        validate=_text_is_usable,
        metadata={
            "description": "The article as HTML (a fragment or a page). Its text is read with "
            "paragraphs kept and scripts, styles and figures dropped; the response then carries "
            "that `text` (offsets index it) and each quote's `html_start`/`html_end`."
        },
    )
    language = _language_field()

    def __init__(self, *, max_chars: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_chars = max_chars
        _limit_text(self, max_chars)

    @validates_schema
    def _one_article(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "text" in data and "html" in data:
            raise ValidationError("Send the article as text or as html, not both.", "html")
        if "text" not in data and "html" not in data:
            raise ValidationError("Missing data for required field (or send html).", "text")

    @post_load
    def _read_html(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "html" in data:
            markup = html_to_text(data.pop("html"))
            if not markup.text.strip():
                raise ValidationError("The HTML holds no text.", "html")
            if len(markup.text) > self.max_chars:
                raise ValidationError(
                    f"The text of the HTML is longer than {self.max_chars} characters.", "html"
                )
            data.update(text=markup.text, markup=markup)
        return data


class _OutputSchema(Schema):
    """How the answer is shaped; loaded into ``options`` next to the filters."""

    output = fields.String(
        validate=validate.OneOf(OUTPUTS),
        metadata={"description": "`html` adds `html`: the article with every quote marked."},
    )
    include_text = fields.Boolean(
        metadata={
            "description": "Add `text`, the plain text the offsets index (always there "
            "for HTML articles)."
        },
    )

    offset_unit = fields.String(
        validate=validate.OneOf(OFFSET_UNITS),
        metadata={
            "description": "What every offset in the answer counts: `codepoint` (the default, "
            "Python's str), `utf16` (JavaScript, Java) or `utf8` (bytes). Echoed back."
        },
    )

    @post_load
    def _into_options(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        names = ("output", "include_text", "offset_unit")
        shape = {name: data.pop(name) for name in names if name in data}
        if shape:
            data["options"] = {**data.get("options", {}), **shape}
        return data


class ExtractRequestSchema(_ArticleSchema, _OutputSchema):
    """POST /v1/extract as JSON (a text/plain body is read as ``{"text": body}``, a text/html
    body as ``{"html": body}``). IPTC ninjs and Superdesk items are read into these fields."""

    id = _id_field(allow_none=True)
    options = fields.Nested(OptionsSchema)


class BatchDocumentSchema(_ArticleSchema):
    """One document of a batch; a bad one gets its own error and never fails the others. The
    id is optional: each result carries the document's position (``index``) either way."""

    id = _id_field(allow_none=True)


class BatchRequestSchema(_OutputSchema):
    """POST /v1/extract/batch. Documents are checked one by one (BatchDocument)."""

    documents = fields.List(
        fields.Raw(allow_none=True),  # a null document is that item's own error, like 5 or "x"
        required=True,
        metadata={
            "items": {
                "anyOf": [
                    {"$ref": f"#/components/schemas/{name}"}
                    for name in ("BatchDocument", "Ninjs", "SuperdeskRequest")
                ]
            }
        },
    )
    options = fields.Nested(OptionsSchema)

    def __init__(self, *, max_documents: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        error = "Send between {min} and {max} documents."
        _add_validator(self, "documents", validate.Length(min=1, max=max_documents, error=error))


# Responses. Nullable fields are always present (null), never left out.


class SpanSchema(Schema):
    start = fields.Integer(required=True, metadata={"description": "Offset (see offset_unit)."})
    end = fields.Integer(required=True, metadata={"description": "Offset (see offset_unit)."})
    text = fields.String(required=True, metadata={"description": "Equals source[start:end]."})


class CueSchema(Schema):
    word = fields.String(required=True, metadata={"description": "The reporting word as written."})
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class QuoteSpeakerSchema(Schema):
    name = fields.String(required=True, allow_none=True)
    mention = fields.Nested(SpanSchema, required=True, allow_none=True)
    role = fields.String(required=True, allow_none=True)
    affiliation = fields.String(required=True, allow_none=True)
    resolved_by = fields.String(required=True, validate=validate.OneOf(RESOLVED_BY))
    entity = fields.String(
        required=True, allow_none=True, metadata={"description": "Id in `speakers`."}
    )


class QuoteSchema(Schema):
    id = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    text = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(QUOTE_TYPES))
    speaker = fields.Nested(QuoteSpeakerSchema, required=True, allow_none=True)
    cue = fields.Nested(CueSchema, required=True, allow_none=True)
    rule = fields.String(required=True, metadata={"description": "The rule that decided it."})
    confidence = fields.Float(required=True, validate=validate.Range(min=0.0, max=1.0))
    paragraph = fields.Integer(
        required=True,
        metadata={
            "description": "0-based index of the paragraph the quote starts in (a paragraph is "
            "a run of text between line breaks; blank lines are not counted)."
        },
    )
    sentence = fields.Integer(
        required=True,
        metadata={"description": "0-based index (in the whole text) of the sentence it starts in."},
    )
    prefix = fields.String(
        required=True,
        metadata={
            "description": "Up to 32 characters just before the quote: with `text` as `exact`, "
            "a W3C Web Annotation TextQuoteSelector, to find the quote again after edits."
        },
    )
    suffix = fields.String(
        required=True, metadata={"description": "Up to 32 characters just after the quote."}
    )
    html_start = fields.Integer(
        allow_none=True,
        metadata={
            "description": "HTML articles only: offset of the quote in the HTML as sent, so "
            "html[html_start:html_end] is its source, inline markup inside it (<em>, <a>, "
            "<b>) included; null when the quote runs over more than one paragraph."
        },
    )
    html_end = fields.Integer(allow_none=True, metadata={"description": "See html_start."})


class SpeakerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True, allow_none=True)
    affiliation = fields.String(required=True, allow_none=True)
    mentions = fields.List(fields.Nested(SpanSchema), required=True)
    quotes = fields.List(fields.String(), required=True, metadata={"description": "Quote ids."})


class LanguageSchema(Schema):
    declared = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The language the document declared, as sent (null: none)."},
    )
    covered = fields.Boolean(
        required=True,
        metadata={"description": "false: kutip does not read it, so no quotes were looked for."},
    )


def _build_field() -> fields.String:
    return fields.String(
        required=True,
        metadata={
            "description": "The build version: the package version and a digest of the rules "
            "and the code. It changes whenever the answer for some input can change."
        },
    )


class ExtractResponseSchema(Schema):
    id = fields.String(required=True, allow_none=True)
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    rules_version = fields.String(required=True)
    build = _build_field()
    language = fields.Nested(LanguageSchema, required=True)
    offset_unit = fields.String(
        required=True,
        validate=validate.OneOf(OFFSET_UNITS),
        metadata={"description": "What every offset in this answer counts (as asked)."},
    )
    warnings = fields.List(fields.String(), required=True)
    elapsed_ms = fields.Float(required=True, metadata={"description": "Engine time."})
    text = fields.String(
        metadata={
            "description": "The plain text the offsets index: for HTML articles, and when "
            "include_text is true."
        }
    )
    html = fields.String(
        metadata={
            "description": 'With output "html": the article with each quote in <mark> elements '
            "carrying data-quote-id, data-type and data-speaker (HTML keeps its own markup)."
        }
    )


class ProblemSchema(Schema):
    """RFC 9457 problem details, with ``code`` (stable, for programs) and per-field ``errors``."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    code = fields.String(required=True)
    instance = fields.String(metadata={"description": "The request path."})
    request_id = fields.String()
    build = fields.String(
        metadata={
            "description": "The build that answered (as in a result and in /ready): absent "
            "only where the server's front end answers before the app (a malformed request line)."
        }
    )
    errors = fields.Dict(
        metadata={"description": "Validation messages by field (422 only)."},
    )
    codes = fields.Dict(
        metadata={
            "description": "`errors` with each message replaced by a stable code "
            "(text_too_long, html_empty, unknown_field, ...), for clients to translate."
        },
    )


class BatchItemSchema(Schema):
    index = fields.Integer(required=True, metadata={"description": "Position in `documents`."})
    id = fields.String(required=True, allow_none=True)
    status = fields.Integer(required=True, metadata={"description": "200, 422 or 500."})
    result = fields.Nested(ExtractResponseSchema, required=True, allow_none=True)
    error = fields.Nested(ProblemSchema, required=True, allow_none=True)


class BatchResponseSchema(Schema):
    results = fields.List(fields.Nested(BatchItemSchema), required=True)
    count = fields.Integer(required=True)
    failed = fields.Integer(required=True)


class RuleSchema(Schema):
    id = fields.String(required=True)
    order = fields.Integer(required=True)
    kind = fields.String(required=True)
    description = fields.String(required=True)
    confidence = fields.Float(required=True)


class RulesResponseSchema(Schema):
    rules_version = fields.String(required=True)
    build = _build_field()
    count = fields.Integer(required=True)
    by_kind = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    ids = fields.List(fields.String(), required=True, metadata={"description": "In run order."})
    rules = fields.List(fields.Nested(RuleSchema), required=True)


class HealthSchema(Schema):
    status = fields.String(required=True)


class ReadySchema(Schema):
    status = fields.String(required=True)
    rules_version = fields.String(required=True)
    build = _build_field()
    rules = fields.Integer(required=True)


@dataclass(frozen=True, slots=True)
class RequestSchemas:
    """The request schemas with this service's limits; the views and /openapi.json share them."""

    extract: ExtractRequestSchema
    batch: BatchRequestSchema
    document: BatchDocumentSchema

    @classmethod
    def with_limits(cls, max_chars: int, max_documents: int) -> RequestSchemas:
        return cls(
            extract=ExtractRequestSchema(max_chars=max_chars),
            batch=BatchRequestSchema(max_documents=max_documents),
            document=BatchDocumentSchema(max_chars=max_chars),
        )
