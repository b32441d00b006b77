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


def _ninjs_record(obj: dict[str, Any]) -> dict[str, Any]:
    """A ninjs line: its uri/guid as id; the plain text the offsets index, and each quote's
    offsets into the HTML body when the body was HTML."""
    from kutip.formats.ninjs import ninjs_document
    from kutip.formats.present import present_result

    assert _engine is not None
    doc = ninjs_document(obj)
    result = _engine.extract(doc.text).to_dict()
    return {"id": doc.id, **present_result(result, text=doc.text, markup=doc.markup)}


def _text_record(obj: dict[str, Any]) -> dict[str, Any]:
    assert _engine is not None
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("field 'text' must be a string")
    return {"id": _id_of(obj), **_engine.extract(text).to_dict()}


def _id_of(obj: dict[str, Any]) -> str | None:
    item = obj.get("item")
    source = item if isinstance(item, dict) else obj
    doc_id = source.get("id", source.get("uri", source.get("guid")))
    return None if doc_id is None else str(doc_id)


def process_line(item: tuple[int, str, str]) -> dict[str, Any]:
    """Extract one line's quotes; errors become a record for that line, with its id if any."""
    number, raw, fmt = item
    doc_id: str | None = None
    try:
        obj = _parse(raw)
        doc_id = _id_of(obj)
        return _ninjs_record(obj) if fmt == "ninjs" else _text_record(obj)
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
