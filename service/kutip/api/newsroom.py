"""The newsroom documents /v1/extract and /v1/extract/batch accept, for /openapi.json.

They describe what kutip reads, not all of IPTC ninjs: other fields are allowed and ignored. The
documents themselves are read by kutip.formats.ninjs (which explains what is missing when a
document has no body); these schemas only document the shapes.
"""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate

from kutip.api.schemas import OUTPUTS, OptionsSchema
from kutip.formats.offsets import OFFSET_UNITS

_LANGUAGE = (
    "A BCP 47 tag. kutip reads Indonesian (`id`, `id-ID`, `in`, `ind`, or none); any other "
    "language gets no quotes and a `language_not_covered` warning."
)


def _string(description: str) -> fields.String:
    return fields.String(metadata={"description": description})


class _EnvelopeSchema(Schema):
    """kutip's own fields, sent beside a newsroom document (ninjs has none of these names)."""

    class Meta:
        unknown = INCLUDE

    options = fields.Nested(OptionsSchema)
    output = fields.String(
        validate=validate.OneOf(OUTPUTS), metadata={"description": "As in ExtractRequest."}
    )
    include_text = fields.Boolean(metadata={"description": "As in ExtractRequest."})
    offset_unit = fields.String(
        validate=validate.OneOf(OFFSET_UNITS), metadata={"description": "As in ExtractRequest."}
    )


class NinjsBodySchema(Schema):
    class Meta:
        unknown = INCLUDE

    role = _string(
        "Any role but a summary (`summary`, `abstract`, `teaser`, ...) is a body; summaries are "
        "read only when there is no body. HTML wins over plain text whatever the role."
    )
    contentType = _string(  # noqa: N815 (ninjs 3.x spells it so)
        "ninjs 3.x: `text/html` or `application/xhtml+xml` is HTML, others plain text; "
        "without it, the role (`xhtml`, `html5`, `richtext`) or a value that starts with <."
    )
    contenttype = _string("ninjs 2.x: as contentType.")
    value = fields.String(required=True, metadata={"description": "The body itself."})


class NinjsSchema(_EnvelopeSchema):
    """An IPTC ninjs 1.x, 2.x or 3.x document. Its ``uri`` (else ``guid``) becomes the result's
    id; the article is the best of its texts: any ``body_*`` field (1.x: the schemas allow
    ``^body_[a-zA-Z0-9_]+``; ``*_html``, ``*_xhtml``, ``*_richtext`` are HTML) or entry of
    ``bodies`` (2.x, 3.x); HTML before plain text, a body before a summary; a description
    (``description_*``, ``descriptions``) only when there is no body."""

    uri = _string("The document's identifier, of any length.")
    guid = _string("Superdesk's identifier, used when there is no uri.")
    headline = _string("Not read for quotes.")
    language = _string(_LANGUAGE)
    body_html = _string("ninjs 1.x: the article as HTML.")
    body_xhtml = _string("ninjs 1.0: the article as XHTML.")
    body_richtext = _string("ninjs 1.5+: the article as HTML.")
    body_main = _string("ninjs 1.5+: the article (HTML when it starts with a tag).")
    body_text = _string("ninjs 1.x: the article as plain text.")
    description_text = _string("ninjs 1.x: read only when there is no body.")
    bodies = fields.List(
        fields.Nested(NinjsBodySchema), metadata={"description": "ninjs 2.x and 3.x: the bodies."}
    )
    descriptions = fields.List(
        fields.Nested(NinjsBodySchema),
        metadata={"description": "ninjs 2.x and 3.x: read only when there is no body."},
    )


class SuperdeskItemSchema(Schema):
    class Meta:
        unknown = INCLUDE

    guid = _string("Becomes the result's id.")
    language = _string(_LANGUAGE)
    headline = _string("Not read for quotes.")
    body_html = _string("The article as HTML.")
    body_text = _string("The article as plain text, when there is no body_html.")
    abstract = _string("Read only when there is no body.")


class SuperdeskRequestSchema(_EnvelopeSchema):
    """Superdesk's AI-service request: the item to analyse under ``item``."""

    item = fields.Nested(SuperdeskItemSchema, required=True)


SCHEMAS = {
    "NinjsBody": NinjsBodySchema,
    "Ninjs": NinjsSchema,
    "SuperdeskItem": SuperdeskItemSchema,
    "SuperdeskRequest": SuperdeskRequestSchema,
}
