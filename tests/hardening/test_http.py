"""Hostile HTTP input against the app in this process: schemathesis over /openapi.json, broken
encodings, deep nesting, huge arrays, wrong media types.

tests/api already covers the basic cases (malformed JSON, cp1252 bodies, 100,000 nested
arrays on /v1/extract, 413 by Content-Length, 415 per media type); these go further. The live
server's side (slow clients, 10 MB bodies, worker faults) is in test_live.py beside this file.
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.core.parameters import ParameterLocation

from kutip.api import create_app
from kutip.api.state import EXTENSION
from tests.api.helpers import SHORT, assert_matches, assert_problem

EXAMPLES = 150  # per operation; the whole schemathesis run takes about 10 s
GOOD = {"id": "a", "text": SHORT}
BODY = ParameterLocation.BODY

# The archive's routes answer 503 in an app without a database (as declared, but a 5xx fails
# schemathesis's server-error check): tests/archive/test_contract.py runs this contract over
# them on an app with one.
schema = schemathesis.openapi.from_wsgi("/openapi.json", create_app()).exclude(tag="archive")


def _strict(case: schemathesis.Case[Any]) -> bool:
    """Whether the API promises to refuse this request if it breaks the schema: kutip's own
    JSON fields on /v1/extract, when the body is what breaks it. Elsewhere it is lenient on
    purpose:

    - a batch answers 200 with a 422 per bad document (a bad document never fails the others);
    - a newsroom (ninjs/Superdesk) document is read for its body; its other fields are not;
    - a text/plain or text/html body is any text;
    - query parameters it does not use (and id/output/include_text next to kutip's own JSON
      fields, where the body carries them) are ignored, as HTTP services usually do.
    """
    body = case.body
    if case.path != "/v1/extract" or case.media_type != "application/json":
        return False
    if not isinstance(body, dict) or not {"text", "html"} & body.keys():
        return False
    meta = case.meta
    if meta is None:
        return True
    return not any(meta.is_negative_at(where) for where in ParameterLocation if where != BODY)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_openapi_contract_holds_for_generated_requests(case: schemathesis.Case[Any]) -> None:
    """No 500s; status codes, media types, headers and bodies as /openapi.json declares them;
    schema-violating requests rejected (where the API is strict). Schema-valid requests may
    still be refused: the schema cannot say "not only white space" or "text or html, not both"
    (positive_data_acceptance is not checked)."""
    excluded = [checks.positive_data_acceptance]
    if not _strict(case):
        excluded.append(checks.negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)


BAD_UTF8 = {
    "overlong slash": b"\xc0\xaf",
    "encoded surrogate": b"\xed\xa0\x80",
    "truncated sequence": b"\xe2\x80",
    "five-byte form": b"\xf8\x88\x80\x80\x80",
    "past U+10FFFF": b"\xf4\x90\x80\x80",
    "lone continuation": b"\x80",
    "UTF-16 with a BOM": "Kata".encode("utf-16"),
}


@pytest.mark.parametrize("raw", BAD_UTF8.values(), ids=list(BAD_UTF8))
@pytest.mark.parametrize(
    ("path", "content_type", "wrap"),
    [
        ("/v1/extract", "application/json", lambda raw: b'{"text": "Kata ' + raw + b'"}'),
        ("/v1/extract", "text/plain", lambda raw: b"Kata " + raw),
        ("/v1/extract", "text/html", lambda raw: b"<p>Kata " + raw + b"</p>"),
        (
            "/v1/extract/batch",
            "application/json",
            lambda raw: b'{"documents": [{"id": "a", "text": "' + raw + b'"}]}',
        ),
    ],
    ids=["json", "plain", "html", "batch"],
)
def test_invalid_utf8_is_a_400_on_every_route(
    client: FlaskClient, raw: bytes, path: str, content_type: str, wrap: Any
) -> None:
    response = client.post(path, data=wrap(raw), content_type=content_type)
    assert "UTF-8" in assert_problem(response, 400, "invalid_utf8")["detail"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"documents": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"documents": [' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_000 + b"]}",
        b'{"text": "a", "options": {"types": ' + b"[" * 5_000 + b"]" * 5_000 + b"}}",
    ],
    ids=["batch arrays", "batch objects", "options"],
)
def test_deep_nesting_is_a_400_anywhere(client: FlaskClient, body: bytes) -> None:
    path = "/v1/extract/batch" if body.startswith(b'{"documents"') else "/v1/extract"
    response = client.post(path, data=body, content_type="application/json")
    assert "nested too deeply" in assert_problem(response, 400, "malformed_json")["detail"]


def test_nesting_the_parser_accepts_fails_one_document_only(
    client: FlaskClient, spec: dict[str, Any]
) -> None:
    # 900 levels parse (the recursion limit is 1,000): validation must not recurse into a 500.
    deep = "[" * 900 + "]" * 900
    body = f'{{"documents": [{{"id": "x", "text": "a", "extra": {deep}}}, {json.dumps(GOOD)}]}}'
    response = client.post("/v1/extract/batch", data=body, content_type="application/json")
    assert response.status_code == 200
    payload = response.get_json()
    assert_matches(spec, "BatchResponse", payload)
    assert [item["status"] for item in payload["results"]] == [422, 200]


def test_a_huge_documents_array_is_refused_whole_and_briefly() -> None:
    # A body limit high enough that the array reaches validation: 100,000 documents.
    client = create_app({"max_body_bytes": 16 * 1024 * 1024}).test_client()
    body = json.dumps({"documents": [GOOD] * 100_000}).encode()
    response = client.post("/v1/extract/batch", data=body, content_type="application/json")
    problem = assert_problem(response, 422, "validation_error")
    assert problem["errors"] == {"documents": ["Send between 1 and 100 documents."]}
    assert len(response.data) < 1_000


def test_a_million_element_array_gets_a_short_answer(client: FlaskClient) -> None:
    items = b",".join([b"1"] * 900_000)  # 1.8 MB: under the default 2 MiB limit
    response = client.post(
        "/v1/extract/batch",
        data=b'{"documents": [' + items + b"]}",
        content_type="application/json",
    )
    assert_problem(response, 422, "validation_error")
    assert len(response.data) < 1_000


@pytest.mark.parametrize(
    "payload",
    [
        {"text": "a b", "options": {"types": ["quoted"] * 100_000}},
        {"text": "a b", **{f"field{n}": n for n in range(50_000)}},
    ],
    ids=["bad list items", "unknown fields"],
)
def test_many_errors_are_capped_not_echoed(client: FlaskClient, payload: dict[str, Any]) -> None:
    """Each bad item or unknown field has a message; the answer keeps 20 per level and says how
    many more there are (before: a 2 MB body gave a 10 MB answer)."""
    response = client.post("/v1/extract", json=payload)
    errors = assert_problem(response, 422, "validation_error")["errors"]
    level = errors["options"]["types"] if "options" in errors else errors
    assert len(level) == 21
    assert "more fields or items with errors are not listed" in level["_truncated"][0]
    assert len(response.data) < 4_000
    again = client.post("/v1/extract", json=payload).get_json()
    assert again["errors"] == assert_problem(response, 422, "validation_error")["errors"]


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "text/html",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/x-ndjson",
        "application/json; charset=latin-1",
        "application/jsonx",
    ],
)
def test_batch_takes_json_and_nothing_else(client: FlaskClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    body = json.dumps({"documents": [GOOD]}).encode()
    response = client.post("/v1/extract/batch", data=body, headers=headers)
    assert_problem(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("content_type", ["Application/JSON; Charset=UTF-8", "application/json"])
def test_media_type_and_charset_are_case_insensitive(app: Flask, content_type: str) -> None:
    client = app.test_client()
    body = json.dumps({"documents": [GOOD]}).encode()
    response = client.post("/v1/extract/batch", data=body, headers={"Content-Type": content_type})
    assert response.status_code == 200, response.get_data(as_text=True)


def test_a_10_mb_body_is_a_413_in_process(client: FlaskClient) -> None:
    body = b'{"text": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    response = client.post("/v1/extract", data=body, content_type="application/json")
    assert_problem(response, 413, "payload_too_large")


class _ServerStream:
    """A request body as gunicorn hands a chunked one to the app: read() only, no length."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._data.read(size)


def _call_chunked(app: Flask, content_type: str, body: bytes) -> tuple[int, Any]:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/v1/extract",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": _ServerStream(body),
        "wsgi.input_terminated": True,  # as gunicorn sets it: no CONTENT_LENGTH
        "wsgi.errors": sys.stderr,
        "CONTENT_TYPE": content_type,
    }
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        statuses.append(status)
        return lambda data: None

    answer = b"".join(app(environ, start_response))
    return int(statuses[0].split()[0]), json.loads(answer)


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/plain", b"Kata Budi. " * 300, 413),  # was 200: the article silently cut short
        ("application/json", b'{"text": "Kata Budi."}' + b" " * 3000, 413),  # was 200
        ("application/json", json.dumps({"text": "a" * 3000}).encode(), 413),  # was a 400
        ("text/plain", b"a" * 1000, 200),  # exactly the limit
    ],
    ids=["text over", "json with trailing space over", "json over", "text at the limit"],
)
def test_a_chunked_body_over_the_limit_is_a_413_not_cut_short(
    content_type: str, body: bytes, status: int
) -> None:
    app = create_app({"max_body_bytes": 1000})
    got, answer = _call_chunked(app, content_type, body)
    assert got == status, answer
    if status == 413:
        assert answer["code"] == "payload_too_large"


def test_a_document_over_its_budget_is_a_422_and_counted(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real budget (no stand-in for the engine): spent at once, the engine raises
    DocumentTooComplexError, answered 422 alone or per batch document, counted in /metrics."""
    engine = app.extensions[EXTENSION].engine
    monkeypatch.setattr(engine, "budget_seconds", 1e-9)
    response = client.post("/v1/extract", json={"text": SHORT}, buffered=True)
    assert_problem(response, 422, "document_too_complex")
    batch = client.post("/v1/extract/batch", json={"documents": [GOOD, GOOD]}, buffered=True)
    assert [item["error"]["code"] for item in batch.get_json()["results"]] == [
        "document_too_complex"
    ] * 2
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'kutip_errors_total{code="document_too_complex"} 3.0' in metrics
