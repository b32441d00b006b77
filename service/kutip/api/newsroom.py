"""The newsroom documents /v1/extract and /v1/extract/batch accept, for /openapi.json.

They describe what kutip reads, not all of IPTC ninjs: other fields are allowed and ignored. The
documents themselves are read by kutip.formats.ninjs (which explains what is missing when a
document has no body); these schemas only document the shapes.
"""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields


def _string(description: str) -> fields.String:
    return fields.String(metadata={"description": description})


class NinjsBodySchema(Schema):
    class Meta:
        unknown = INCLUDE

    role = _string("`main` is read first; `summary` or `abstract` only when nothing else is.")
    contenttype = _string("`text/html` or `text/plain`; without it, a value that starts with <.")
    value = fields.String(required=True, metadata={"description": "The body itself."})


class NinjsSchema(Schema):
    """An IPTC ninjs 1.x or 2.x document. Its ``uri`` (else ``guid``) becomes the result's id;
    the article is ``body_html`` (else ``body_xhtml``, else ``body_text``) or the best of
    ``bodies`` (main before summaries, HTML before plain text)."""

    class Meta:
        unknown = INCLUDE

    uri = _string("The document's identifier (ninjs 1.x and 2.x).")
    guid = _string("Superdesk's identifier, used when there is no uri.")
    headline = _string("Not read for quotes.")
    language = _string("For example `id`.")
    body_html = _string("ninjs 1.x: the article as HTML.")
    body_xhtml = _string("ninjs 1.0: the article as XHTML.")
    body_text = _string("ninjs 1.x: the article as plain text.")
    bodies = fields.List(
        fields.Nested(NinjsBodySchema), metadata={"description": "ninjs 2.x: the bodies."}
    )


class SuperdeskItemSchema(Schema):
    class Meta:
        unknown = INCLUDE

    guid = _string("Becomes the result's id.")
    language = _string("For example `id`.")
    headline = _string("Not read for quotes.")
    body_html = _string("The article as HTML.")
    body_text = _string("The article as plain text, when there is no body_html.")


class SuperdeskRequestSchema(Schema):
    """Superdesk's AI-service request: the item to analyse under ``item``."""

    class Meta:
        unknown = INCLUDE

    item = fields.Nested(SuperdeskItemSchema, required=True)


SCHEMAS = {
    "NinjsBody": NinjsBodySchema,
    "Ninjs": NinjsSchema,
    "SuperdeskItem": SuperdeskItemSchema,
    "SuperdeskRequest": SuperdeskRequestSchema,
}
