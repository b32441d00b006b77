"""`kutip batch`: JSON lines in (id + text, or ninjs), one result line out per input line.

A bad line never stops the batch: it becomes an error record for that line.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from typing import IO, Any

from kutip.engine import Engine

_engine: Engine | None = None


def _init(rules: str | None) -> None:
    global _engine
    _engine = Engine.from_directory(rules)


def _parse(raw: str) -> dict[str, Any]:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise ValueError("a line must be a JSON object")
    return obj


def _document(obj: dict[str, Any], fmt: str) -> tuple[str | None, str]:
    """The (id, text) of one input object; ValueError with a clear message when it has none."""
    if fmt == "ninjs":
        from kutip.formats.ninjs import ninjs_document

        doc = ninjs_document(obj)
        return doc.id, doc.text
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("field 'text' must be a string")
    return _id_of(obj), text


def _id_of(obj: dict[str, Any]) -> str | None:
    doc_id = obj.get("id", obj.get("guid", obj.get("uri")))
    return None if doc_id is None else str(doc_id)


def process_line(item: tuple[int, str, str]) -> dict[str, Any]:
    """Extract one line's quotes; errors become a record for that line."""
    number, raw, fmt = item
    assert _engine is not None
    doc_id: str | None = None
    try:
        obj = _parse(raw)
        doc_id = _id_of(obj)
        doc_id, text = _document(obj, fmt)
        result = _engine.extract(text).to_dict()
        return {"id": doc_id, **result}
    except Exception as exc:  # one bad line must never stop the batch
        code = "invalid_line" if isinstance(exc, ValueError) else "extraction_failed"
        return {"id": doc_id, "line": number, "error": {"code": code, "message": str(exc)}}


def _lines(stream: IO[str], fmt: str) -> Iterator[tuple[int, str, str]]:
    for number, raw in enumerate(stream, 1):
        if raw.strip():
            yield number, raw, fmt


def run_batch(source: str, target: str, workers: int, rules: str | None, fmt: str) -> int:
    with ExitStack() as stack:
        fin = sys.stdin if source == "-" else stack.enter_context(open(source, encoding="utf-8"))
        fout = (
            sys.stdout
            if target == "-"
            else stack.enter_context(open(target, "w", encoding="utf-8"))
        )
        progress = sys.stderr.isatty()
        items = _lines(fin, fmt)
        if workers > 1:
            pool = stack.enter_context(
                multiprocessing.get_context("spawn").Pool(workers, _init, (rules,))
            )
            results: Iterator[dict[str, Any]] = pool.imap(process_line, items, chunksize=8)
        else:
            _init(rules)
            results = map(process_line, items)
        failed = 0
        for n, record in enumerate(results, 1):
            failed += "error" in record
            fout.write(json.dumps(record, ensure_ascii=False) + "\n")
            if progress:
                print(f"\rkutip batch: {n} documents, {failed} errors", end="", file=sys.stderr)
        if progress:
            print(file=sys.stderr)
    return 0
