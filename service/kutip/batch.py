"""`kutip batch`: JSON lines in (id + text, or ninjs), one answer line out per document line.

A bad line never stops the batch: it becomes an error record for that line, its ``error`` in
the API's problem shape. Every answer carries its input (``source``) and ``line``, so documents
need no ``id``: the n-th answer is the n-th document. Locally the documents go through a
``multiprocessing`` pool; ``--dask`` sends partitions to a Dask cluster (kutip.batch_dask).
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import Any

from kutip.batch_inputs import Line, expand, read_lines
from kutip.batch_output import EXIT_FAILED, Summary
from kutip.engine import DocumentTooComplexError, Engine
from kutip.problems import problem

# One engine per process and rules folder, built on first use and kept: a pool or Dask worker
# compiles the rules once, not once per document or partition.
_engines: dict[str | None, Engine] = {}
ENGINE_BUILDS = 0  # engines this process built (the Dask test checks one per worker)
_pool_rules: str | None = None
_pool_format = "text"


def engine_for(rules: str | None) -> Engine:
    global ENGINE_BUILDS
    engine = _engines.get(rules)
    if engine is None:
        engine = _engines[rules] = Engine.from_directory(rules)
        ENGINE_BUILDS += 1
    return engine


def _parse(raw: str) -> dict[str, Any]:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise ValueError("a line must be a JSON object")
    return obj


def _ninjs_record(engine: Engine, obj: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """A ninjs line: its uri/guid as id; the plain text the offsets index, and each quote's
    offsets into the HTML body when the body was HTML."""
    from kutip.formats.ninjs import ninjs_document
    from kutip.formats.present import present_result

    doc = ninjs_document(obj)
    result = engine.extract(doc.text).to_dict()
    return doc.id, present_result(result, text=doc.text, markup=doc.markup)


def _text_record(engine: Engine, obj: dict[str, Any]) -> dict[str, Any]:
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("field 'text' must be a string")
    return engine.extract(text).to_dict()


def _id_of(obj: dict[str, Any]) -> str | None:
    item = obj.get("item")
    source = item if isinstance(item, dict) else obj
    doc_id = source.get("id", source.get("uri", source.get("guid")))
    return None if doc_id is None else str(doc_id)


def process_line(engine: Engine, line: Line, fmt: str) -> dict[str, Any]:
    """One line's answer; any failure becomes that line's error record, with its id if any."""
    doc_id: str | None = None
    try:
        obj = _parse(line.raw)
        doc_id = _id_of(obj)
        if fmt == "ninjs":
            doc_id, record = _ninjs_record(engine, obj)
        else:
            record = _text_record(engine, obj)
        return {"id": doc_id, "source": line.source, "line": line.number, **record}
    except Exception as exc:  # one bad line must never stop the batch
        if isinstance(exc, DocumentTooComplexError):
            error = problem(422, "document_too_complex", str(exc))
        elif isinstance(exc, ValueError):
            error = problem(422, "invalid_line", str(exc))
        else:
            error = problem(500, "extraction_failed", f"{type(exc).__name__}: {exc}")
        return {"id": doc_id, "source": line.source, "line": line.number, "error": error}


def _pool_init(rules: str | None, fmt: str) -> None:
    global _pool_rules, _pool_format
    _pool_rules, _pool_format = rules, fmt
    engine_for(rules)


def _pool_line(line: Line) -> dict[str, Any]:
    return process_line(engine_for(_pool_rules), line, _pool_format)


def run_batch(inputs: Sequence[str], target: str, workers: int, rules: str | None, fmt: str) -> int:
    """The local batch: every input's answers, in order, to ``target`` (a file or '-')."""
    started = time.perf_counter()
    names = expand(inputs)
    summary = Summary()
    with ExitStack() as stack:
        fout = (
            sys.stdout
            if target == "-"
            else stack.enter_context(open(target, "w", encoding="utf-8"))
        )
        progress = sys.stderr.isatty()
        lines = read_lines(names)
        if workers > 1:
            pool = stack.enter_context(
                multiprocessing.get_context("spawn").Pool(workers, _pool_init, (rules, fmt))
            )
            results: Iterator[dict[str, Any]] = pool.imap(_pool_line, lines, chunksize=8)
        else:
            engine = engine_for(rules)
            results = (process_line(engine, line, fmt) for line in lines)
        for record in results:
            summary.write(fout, record)
            if progress:
                print(f"\r{summary.progress()}", end="", file=sys.stderr)
        if progress:
            print(file=sys.stderr)
    summary.seconds = time.perf_counter() - started
    print(summary.line(), file=sys.stderr)
    return EXIT_FAILED if summary.failures else 0
