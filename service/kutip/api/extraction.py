"""Running the engine for the views: timing, the caller's options, metrics, batch items."""

from __future__ import annotations

import logging
import select
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from marshmallow import ValidationError

from kutip.api.errors import TOO_COMPLEX, problem, validation_errors
from kutip.api.inputs import Document, document_fields, loaded_document
from kutip.api.logs import FIELDS
from kutip.api.state import Service
from kutip.build import build_version
from kutip.engine import DocumentTooComplexError, Engine
from kutip.engine.budget import budget
from kutip.formats.language import Language, read_language
from kutip.formats.offsets import convert_answer
from kutip.formats.present import present_result

log = logging.getLogger("kutip.api.extraction")
BATCH_SECONDS = 120.0  # of engine work for a whole batch
BATCH_QUOTES = 20_000  # quotes in a whole batch's answer (~11 MB of JSON)
BATCH_LIMIT = "batch_limit_exceeded"
LIMIT_DETAIL = "Not processed: the batch reached its limit; send this document in another batch"


def apply_options(result: dict[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the quotes the options ask for; speakers keep only the ids of kept quotes."""
    types = options.get("types")
    floor = options.get("min_confidence", 0.0)
    if types is None and not floor:
        return result
    quotes = [
        q
        for q in result["quotes"]
        if (types is None or q["type"] in types) and q["confidence"] >= floor
    ]
    kept = {q["id"] for q in quotes}
    speakers = [{**s, "quotes": [i for i in s["quotes"] if i in kept]} for s in result["speakers"]]
    return {**result, "quotes": quotes, "speakers": speakers}


def _result(engine: Engine, text: str, language: Language) -> dict[str, Any]:
    """The engine's result, or none at all for a language kutip does not read: Indonesian rules
    on English or German text would only give silent guesses."""
    warning = language.warning()
    if warning is not None:
        return {"quotes": [], "speakers": [], "rules_version": engine.rules_version,
                "warnings": [warning]}  # fmt: skip
    return engine.extract(text).to_dict()


def extract_document(svc: Service, doc: Document) -> dict[str, Any]:
    """The engine's answer for one document, as ExtractResponseSchema describes it."""
    engine = svc.engine
    language = read_language(doc.language)
    started = time.perf_counter()
    result = _result(engine, doc.text, language)
    elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
    body = present_result(
        apply_options(result, doc.options),
        text=doc.text,
        markup=doc.markup,
        output=doc.options.get("output", "json"),
        include_text=doc.options.get("include_text", False),
    )
    unit = doc.options.get("offset_unit", "codepoint")
    body = convert_answer(body, doc.text, unit, doc.markup.html if doc.markup else None)
    svc.metrics.documents.inc()
    for quote in body["quotes"]:
        svc.metrics.quotes.labels(type=quote["type"]).inc()
    return {
        "id": doc.id,
        **body,
        "build": build_version(result["rules_version"]),
        "language": language.to_dict(),
        "offset_unit": unit,
        "elapsed_ms": elapsed_ms,
    }


def _raw_id(raw: Any) -> str | None:
    """The id a document says it has, even one that cannot be read: kutip's ``id``, a ninjs
    ``uri`` or ``guid``, a Superdesk ``item.guid`` (so an error item says whose error it is)."""
    if not isinstance(raw, dict):
        return None
    item = raw.get("item")
    sources = (raw, item) if isinstance(item, dict) else (raw,)
    for source in sources:
        for name in ("id", "uri", "guid"):
            value = source.get(name)
            if isinstance(value, str) and value:
                return value
    return None


def _batch_item(
    svc: Service, index: int, raw: Any, options: Mapping[str, Any], seconds: float
) -> dict[str, Any]:
    """One document's item: its result, or its own error (it never fails the others)."""
    item: dict[str, Any] = {"index": index, "id": _raw_id(raw), "result": None, "error": None}
    try:
        # A ninjs document or Superdesk item as kutip's fields; the batch's options are shared.
        fields = document_fields(raw, envelope=False)
        item["id"] = fields.id if fields.id is not None else _raw_id(fields.values)
        with budget(seconds):  # reading its HTML counts against it too
            doc = loaded_document(fields.load(svc.requests.document), options)
            item["result"] = extract_document(svc, doc)
        item["status"] = 200
        return item
    except ValidationError as exc:
        detail = f"Document {index} is not valid; see errors for each field."
        error = problem(422, "validation_error", detail, validation_errors(exc))
    except DocumentTooComplexError as exc:
        error = problem(422, "document_too_complex", str(exc) or TOO_COMPLEX)
    except Exception:
        log.exception("batch document failed", extra={FIELDS: {"index": index}})
        error = problem(500, "internal_error", "The server failed to process this document.")
    svc.metrics.error(error["code"])
    item.update(status=error["status"], error=error)
    return item


def _refused(svc: Service, index: int, raw: Any, detail: str) -> dict[str, Any]:
    error = problem(422, BATCH_LIMIT, detail)
    svc.metrics.error(BATCH_LIMIT)
    return {"index": index, "id": _raw_id(raw), "result": None, "error": error, "status": 422}


def batch_items(
    svc: Service,
    documents: Iterable[Any],
    options: Mapping[str, Any],
    client_gone: Callable[[], bool] | None = None,
) -> Iterator[dict[str, Any]]:
    """Items in document order, computed one at a time (so NDJSON can stream them).

    The batch is bounded by its total work, not only its document count (100 dense documents
    gave a 35-51 MB answer and ~400 MB of worker memory): once BATCH_SECONDS of work or
    BATCH_QUOTES quotes are spent, each later document is its own 422 batch_limit_exceeded,
    not computed, and a document never gets more time than the batch has left. When the
    client has gone, nothing more is computed.
    """
    deadline = time.monotonic() + BATCH_SECONDS
    quotes = 0
    for index, raw in enumerate(documents):
        if client_gone is not None and client_gone():
            log.info("batch abandoned: the client is gone", extra={FIELDS: {"index": index}})
            return
        left = deadline - time.monotonic()
        if quotes >= BATCH_QUOTES:
            yield _refused(svc, index, raw, f"{LIMIT_DETAIL}: {BATCH_QUOTES} quotes.")
            continue
        if left <= 0:
            yield _refused(svc, index, raw, f"{LIMIT_DETAIL}: {BATCH_SECONDS:g} s of work.")
            continue
        seconds = (
            left if svc.engine.budget_seconds is None else min(svc.engine.budget_seconds, left)
        )
        item = _batch_item(svc, index, raw, options, seconds)
        if item["result"] is not None:
            quotes += len(item["result"]["quotes"])
        yield item


def socket_closed(environ: Mapping[str, Any]) -> Callable[[], bool]:
    """Whether the client of this request has closed its connection (gunicorn only)."""
    sock = environ.get("gunicorn.socket")

    def gone() -> bool:
        if not isinstance(sock, socket.socket):
            return False
        try:
            if not select.select([sock], [], [], 0)[0]:
                return False  # nothing to read: still there, waiting for its answer
            # Peek past kutip's BoundedSocket (its read deadline is for reading requests).
            return socket.socket.recv(sock, 1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    return gone
