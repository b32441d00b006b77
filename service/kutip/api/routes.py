"""The /v1 API: extract one document, extract a batch, list the rules."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, Response, current_app, jsonify, request

from kutip.api.errors import COMPACT
from kutip.api.extraction import batch_items, extract_document, socket_closed
from kutip.api.inputs import (
    JSON,
    RECYCLE_ENV,
    body_json,
    read_document,
    require_media_type,
    with_query_unit,
)
from kutip.api.schemas import (
    BatchItemSchema,
    BatchResponseSchema,
    ExtractResponseSchema,
    RulesResponseSchema,
)
from kutip.api.state import service
from kutip.engine.budget import budget

NDJSON = "application/x-ndjson"
v1 = Blueprint("v1", __name__, url_prefix="/v1")
_EXTRACT = ExtractResponseSchema()
_ITEM = BatchItemSchema()
_BATCH = BatchResponseSchema()
_RULES = RulesResponseSchema()


@v1.post("/extract")
def extract() -> Response:
    svc = service()
    with budget(svc.engine.budget_seconds):  # one budget for reading the HTML and the engine
        doc = read_document(request, svc.requests.extract)
        result = extract_document(svc, doc)
    return jsonify(_EXTRACT.dump(result))


@v1.post("/extract/batch")
def extract_batch() -> Response:
    svc = service()
    require_media_type(request, (JSON,))
    envelope = svc.requests.batch.load(with_query_unit(body_json(request), request.args))
    gone = socket_closed(request.environ)
    items = batch_items(svc, envelope["documents"], envelope.get("options", {}), gone)
    if request.accept_mimetypes.best_match([JSON, NDJSON], default=JSON) == NDJSON:
        # One line per document as soon as it is done; the generator runs after this view
        # returns, so it must not touch the request context: take what it needs now.
        dumps = current_app.json.dumps
        lines = (dumps(_ITEM.dump(item), separators=COMPACT) + "\n" for item in items)
        return Response(lines, mimetype=NDJSON)
    results = list(items)
    failed = sum(1 for item in results if item["error"] is not None)
    response = jsonify(_BATCH.dump({"results": results, "count": len(results), "failed": failed}))
    if (response.content_length or 0) > svc.settings.recycle_bytes:  # KUTIP_RECYCLE_BYTES
        # Python keeps the memory such an answer took: the worker is replaced after it.
        request.environ[RECYCLE_ENV] = True
    return response


@v1.get("/rules")
def rules() -> Response:
    svc = service()
    engine = svc.engine
    loaded = engine.rulebook.rules
    body = {
        "rules_version": engine.rules_version,
        "build": svc.build,
        "count": len(loaded),
        "by_kind": dict(Counter(rule.kind for rule in loaded)),
        "ids": list(engine.rule_ids),
        "rules": loaded,
    }
    return jsonify(_RULES.dump(body))
