"""Every error a client can cause comes back as an RFC 9457 problem with its own status and code."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException
from werkzeug.test import EnvironBuilder

from kutip.api import create_app
from kutip.engine import DocumentTooComplexError, Engine

from .helpers import SHORT, assert_problem, captured_logs


def _all_http_exceptions() -> list[type[HTTPException]]:
    found: list[type[HTTPException]] = []
    pending = [HTTPException]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.code is not None and cls.code >= 400:
            found.append(cls)
    return sorted(found, key=lambda c: (c.code or 0, c.__name__))


def test_every_werkzeug_http_error_is_a_problem(spec: dict[str, Any]) -> None:
    exceptions = _all_http_exceptions()
    assert len(exceptions) >= 30  # every 4xx and 5xx werkzeug knows, and their subclasses
    app = create_app()

    def boom(index: int) -> str:
        raise exceptions[index]()

    app.add_url_rule("/boom/<int:index>", view_func=boom)
    app.add_url_rule("/folder/", view_func=lambda: "inside")
    client = app.test_client()
    for index, cls in enumerate(exceptions):
        response = client.get(f"/boom/{index}")
        assert cls.code is not None
        assert_problem(response, cls.code, response.get_json()["code"], spec)
    # Werkzeug's RequestRedirect (308) is an HTTPException too, but an answer, not an error.
    redirect = client.get("/folder")
    assert redirect.status_code == 308
    assert redirect.headers["Location"].endswith("/folder/")


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"text": "a"', "not valid JSON"),
        (b"", "not valid JSON"),
        (b'{"text": NaN}', "NaN is not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_400_malformed_json(client: FlaskClient, body: bytes, detail: str) -> None:
    response = client.post("/v1/extract", data=body, content_type="application/json")
    assert detail in assert_problem(response, 400, "malformed_json")["detail"]


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_400_not_utf8(client: FlaskClient, content_type: str) -> None:
    body = '{"text": "Kata “Budi”"}'.encode("cp1252")
    response = client.post("/v1/extract", data=body, content_type=content_type)
    assert "UTF-8" in assert_problem(response, 400, "invalid_utf8")["detail"]


@pytest.fixture
def keyed(make_client: Callable[..., FlaskClient]) -> FlaskClient:
    return make_client(api_keys="first-key,second-key")


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic a"},
     {"X-API-Key": "fïrst-key"}],
)  # fmt: skip
def test_401_without_a_good_key(keyed: FlaskClient, headers: dict[str, str]) -> None:
    for method, path in (
        ("POST", "/v1/extract"),
        ("POST", "/v1/extract/batch"),
        ("GET", "/v1/rules"),
    ):
        response = keyed.open(path, method=method, json={"text": SHORT}, headers=headers)
        assert_problem(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "headers", [{"X-API-Key": "second-key"}, {"Authorization": "Bearer first-key"}]
)
def test_a_good_key_opens_the_api(keyed: FlaskClient, headers: dict[str, str]) -> None:
    assert keyed.post("/v1/extract", json={"text": SHORT}, headers=headers).status_code == 200
    assert keyed.get("/v1/rules", headers=headers).status_code == 200


def test_operations_pages_need_no_key(keyed: FlaskClient) -> None:
    for path in ("/health", "/ready", "/metrics", "/docs", "/openapi.json"):
        assert keyed.get(path).status_code == 200, path


def test_404_unknown_path(client: FlaskClient, spec: dict[str, Any]) -> None:
    assert_problem(client.get("/v2/extract"), 404, "not_found", spec)


def test_405_wrong_method_keeps_allow(client: FlaskClient) -> None:
    response = client.get("/v1/extract")
    assert_problem(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]
    assert_problem(client.post("/health"), 405, "method_not_allowed")


def test_413_content_length_over_limit(make_client: Callable[..., FlaskClient]) -> None:
    client = make_client(max_body_bytes=1000)
    body = json.dumps({"text": "a" * 2000}).encode()
    response = client.post("/v1/extract", data=body, content_type="application/json")
    detail = assert_problem(response, 413, "payload_too_large")["detail"]
    assert str(len(body)) in detail and "1000" in detail
    small = json.dumps({"text": SHORT}).encode()
    assert (
        client.post("/v1/extract", data=small, content_type="application/json").status_code == 200
    )


def test_413_chunked_body_over_limit(make_client: Callable[..., FlaskClient]) -> None:
    # No Content-Length (a chunked body, as gunicorn hands it on): cut off while it is read.
    client = make_client(max_body_bytes=1000)
    body = json.dumps({"text": "a" * 2000}).encode()
    environ = EnvironBuilder(
        "/v1/extract", method="POST", data=body, content_type="application/json"
    ).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    response = client.open(environ)
    assert_problem(response, 413, "payload_too_large")


@pytest.mark.parametrize(
    ("content_type", "detail"),
    [
        (None, "Send a Content-Type"),
        ("application/x-www-form-urlencoded", "is not accepted"),
        ("application/xml", "is not accepted"),
        ("text/html; charset=latin-1", "Charset latin-1"),
        ("application/json; charset=latin-1", "Charset latin-1"),
        ("text/plain; charset=utf-16", "Charset utf-16"),
    ],
)
def test_415_unsupported_content_type(
    client: FlaskClient, content_type: str | None, detail: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/v1/extract", data=b'{"text": "a"}', headers=headers)
    assert detail in assert_problem(response, 415, "unsupported_media_type")["detail"]


def test_415_compressed_body(client: FlaskClient) -> None:
    body = gzip.compress(b'{"text": "a"}')
    response = client.post(
        "/v1/extract",
        data=body,
        content_type="application/json",
        headers={"Content-Encoding": "gzip"},
    )
    assert "gzip" in assert_problem(response, 415, "unsupported_media_type")["detail"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"text": ""}, "text", "must not be empty"),
        ({"text": " \n\t "}, "text", "must not be empty"),
        ({"text": "a" * 501}, "text", "longer than 500 characters"),
        ({}, "text", "Missing data"),
        ({"text": None}, "text", "Field may not be null"),
        ({"text": 5}, "text", "Not a valid string"),
        ({"text": ["a"]}, "text", "Not a valid string"),
        ({"text": "a\ud800b"}, "text", "unpaired surrogate at character 1"),
        ({"text": "a", "lang": "id"}, "lang", "Unknown field"),
        ({"text": "a", "id": 7}, "id", "Not a valid string"),
        ({"text": "a", "id": "x" * 257}, "id", "Length must be between 1 and 256"),
        ({"text": "a", "id": ""}, "id", "Length must be between 1 and 256"),
        ({"text": "a", "options": {"types": ["quoted"]}}, "options", "Must be one of"),
        ({"text": "a", "options": {"min_confidence": 2}}, "options", "less than or equal to 1.0"),
        ({"text": "a", "options": {"verbose": True}}, "options", "Unknown field"),
        ({"text": "a", "options": "all"}, "options", "Invalid input type"),
        ("just a string", "_schema", "Invalid input type"),
        ([{"text": "a"}], "_schema", "Invalid input type"),
    ],
)
def test_422_validation(
    make_client: Callable[..., FlaskClient],
    spec: dict[str, Any],
    payload: Any,
    field: str,
    message: str,
) -> None:
    client = make_client(max_text_chars=500)
    response = client.post("/v1/extract", json=payload)
    body = assert_problem(response, 422, "validation_error", spec)
    assert message in json.dumps(body["errors"][field]), body["errors"]


def test_422_empty_text_plain_body(client: FlaskClient) -> None:
    response = client.post("/v1/extract", data=b"", content_type="text/plain")
    assert "text" in assert_problem(response, 422, "validation_error")["errors"]


def test_422_document_too_complex(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def too_complex(engine: Engine, text: str) -> Any:
        raise DocumentTooComplexError("over the 5 s budget")

    monkeypatch.setattr(Engine, "extract", too_complex)
    response = client.post("/v1/extract", json={"text": SHORT})
    assert assert_problem(response, 422, "document_too_complex")["detail"] == "over the 5 s budget"


def test_500_has_no_traceback_and_is_logged(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(engine: Engine, text: str) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Engine, "extract", broken)
    with captured_logs("kutip.api.errors") as records:
        response = client.post("/v1/extract", json={"text": SHORT})
    body = assert_problem(response, 500, "internal_error")
    assert "secret internals" not in response.get_data(as_text=True)
    assert body["detail"] == "The server failed to answer this request."
    [record] = records
    assert record.exc_info is not None and "secret internals" in str(record.exc_info[1])
    assert record.fields == {"request_id": body["request_id"]}  # type: ignore[attr-defined]
