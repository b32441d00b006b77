"""What the marshmallow schemas cannot say in /openapi.json, added to the generated document:
what each request branch must hold, and that response schemas may grow."""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["REQUIRED_BRANCHES", "apply_contract"]

# What each request branch must hold; marshmallow checks it in code (validates_schema or
# kutip.formats.ninjs), the document says it in JSON Schema. As if/then/else, not anyOf, so
# that client generators still see one object with its properties (and make a model of it).
_TEXT_OR_HTML = {
    "if": {"required": ["text"]},
    "then": {"not": {"required": ["html"]}},
    "else": {"required": ["html"]},
}
REQUIRED_BRANCHES: dict[str, dict[str, Any]] = {
    "ExtractRequest": _TEXT_OR_HTML,
    "BatchDocument": _TEXT_OR_HTML,
    # ninjs 2.x `bodies`, else some ninjs 1.x `body_*` property (`body_html`, `body_text`, ...).
    "Ninjs": {
        "if": {"required": ["bodies"]},
        "then": True,
        "else": {"not": {"propertyNames": {"not": {"pattern": "^body_"}}}},
    },
    "SuperdeskItem": {
        "if": {"required": ["body_html"]},
        "then": True,
        "else": {"required": ["body_text"]},
    },
}


def apply_contract(document: dict[str, Any]) -> dict[str, Any]:
    """What marshmallow's schemas cannot say: what each request branch requires, and that
    responses may grow."""
    found = document["components"]["schemas"]
    for name, condition in REQUIRED_BRANCHES.items():
        if name in found:  # tests/api/test_ops.py checks that every branch is there
            found[name].update(copy.deepcopy(condition))
    # Response schemas allow fields they do not list: a later, additive field must not break
    # a client generated from this document. Request schemas stay strict (unknown fields are
    # refused), so only the schemas the responses reach are opened.
    for name in _reached(
        document, [*document["paths"].values(), document["components"]["responses"]]
    ):
        found[name]["additionalProperties"] = True
    return document


def _reached(document: dict[str, Any], roots: list[Any]) -> set[str]:
    """The component schemas the responses of ``roots`` (path items, or the shared responses)
    refer to, directly or through other schemas."""
    schemas = document["components"]["schemas"]
    pending: list[Any] = []
    for root in roots:
        for value in root.values():
            responses = value.get("responses", {}) if "responses" in value else {"": value}
            pending.extend(responses.values())
    seen: set[str] = set()
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in seen:
                    seen.add(name)
                    pending.append(schemas[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return seen
