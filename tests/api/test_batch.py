"""POST /v1/extract/batch: per-document results and errors, NDJSON streaming, limits."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from kutip.engine import DocumentTooComplexError, Engine

from .helpers import SHORT, assert_matches, assert_problem

GOOD = {"id": "a", "text": SHORT}


def test_results_in_document_order(
    client: FlaskClient, seed_text: str, spec: dict[str, Any]
) -> None:
    documents = [GOOD, {"id": "seed", "text": seed_text}]
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    body = response.get_json()
    assert_matches(spec, "BatchResponse", body)
    assert (body["count"], body["failed"]) == (2, 0)
    assert [item["id"] for item in body["results"]] == ["a", "seed"]
    assert [item["index"] for item in body["results"]] == [0, 1]
    single = client.post("/v1/extract", json={"text": seed_text, "id": "seed"}).get_json()
    assert body["results"][1]["result"]["quotes"] == single["quotes"]
    assert body["results"][1]["status"] == 200 and body["results"][1]["error"] is None


def test_a_bad_document_fails_alone(client: FlaskClient, spec: dict[str, Any]) -> None:
    documents = [GOOD, {"id": "empty", "text": "  "}, "not an object", {"text": SHORT}, GOOD]
    body = client.post("/v1/extract/batch", json={"documents": documents}).get_json()
    assert_matches(spec, "BatchResponse", body)
    assert (body["count"], body["failed"]) == (5, 2)
    statuses = [item["status"] for item in body["results"]]
    assert statuses == [200, 422, 422, 200, 200]
    empty, not_object, no_id = body["results"][1:4]
    assert empty["id"] == "empty" and "text" in empty["error"]["errors"]
    assert not_object["id"] is None and "_schema" in not_object["error"]["errors"]
    assert all(item["error"]["code"] == "validation_error" for item in (empty, not_object))
    # A document without an id is read like any other; its position says which one it is.
    assert (no_id["index"], no_id["id"], no_id["error"]) == (3, None, None)
    assert no_id["result"]["quotes"] == body["results"][0]["result"]["quotes"]


def test_engine_failures_stay_with_their_document(client: FlaskClient, monkeypatch: Any) -> None:
    real = Engine.extract

    def extract(engine: Engine, text: str) -> Any:
        if "rumit" in text:
            raise DocumentTooComplexError("took too long")
        if "rusak" in text:
            raise RuntimeError("engine bug")
        return real(engine, text)

    monkeypatch.setattr(Engine, "extract", extract)
    documents = [{"id": "1", "text": "rumit"}, {"id": "2", "text": "rusak"}, GOOD]
    body = client.post("/v1/extract/batch", json={"documents": documents}).get_json()
    codes = [(item["status"], item["error"] and item["error"]["code"]) for item in body["results"]]
    assert codes == [(422, "document_too_complex"), (500, "internal_error"), (200, None)]
    assert "engine bug" not in json.dumps(body)


def test_ndjson_streams_one_line_per_document(client: FlaskClient, spec: dict[str, Any]) -> None:
    documents = [GOOD, {"id": "bad", "text": ""}, {"id": "c", "text": SHORT}]
    response = client.post(
        "/v1/extract/batch",
        json={"documents": documents},
        headers={"Accept": "application/x-ndjson"},
        buffered=False,
    )
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    assert response.is_streamed
    lines = response.get_data(as_text=True).splitlines()
    items = [json.loads(line) for line in lines]
    for item in items:
        assert_matches(spec, "BatchItem", item)
    assert [(i["index"], i["id"], i["status"]) for i in items] == [
        (0, "a", 200),
        (1, "bad", 422),
        (2, "c", 200),
    ]


def test_json_is_the_default_answer(client: FlaskClient) -> None:
    for accept in ("*/*", "application/json", "text/html", "application/json, */*"):
        response = client.post(
            "/v1/extract/batch", json={"documents": [GOOD]}, headers={"Accept": accept}
        )
        assert response.mimetype == "application/json", accept


def test_options_apply_to_every_document(client: FlaskClient, seed_text: str) -> None:
    documents = [{"id": "s", "text": seed_text}, GOOD]
    body = client.post(
        "/v1/extract/batch", json={"documents": documents, "options": {"types": ["mixed"]}}
    ).get_json()
    for item in body["results"]:
        assert {q["type"] for q in item["result"]["quotes"]} <= {"mixed"}


def test_too_many_documents(make_client: Callable[..., FlaskClient]) -> None:
    client = make_client(batch_max=2)
    response = client.post("/v1/extract/batch", json={"documents": [GOOD] * 3})
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"] == {"documents": ["Send between 1 and 2 documents."]}
    assert client.post("/v1/extract/batch", json={"documents": [GOOD] * 2}).status_code == 200


def test_envelope_errors_fail_the_whole_request(client: FlaskClient) -> None:
    cases: list[tuple[Any, str]] = [
        ({}, "documents"),
        ({"documents": []}, "documents"),
        ({"documents": "a"}, "documents"),
        ({"documents": [GOOD], "extra": 1}, "extra"),
        ({"documents": [GOOD], "options": {"types": ["quoted"]}}, "options"),
        ([GOOD], "_schema"),
    ]
    for payload, field in cases:
        response = client.post("/v1/extract/batch", json=payload)
        body = assert_problem(response, 422, "validation_error")
        assert field in body["errors"], payload


def test_batch_takes_json_only(client: FlaskClient) -> None:
    response = client.post("/v1/extract/batch", data=SHORT, content_type="text/plain")
    assert_problem(response, 415, "unsupported_media_type")
