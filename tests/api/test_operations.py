"""Request ids, the JSON log line per request, and CORS."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from kutip.api.logs import JsonFormatter

from .helpers import SHORT, captured_logs


def test_request_id_is_made_when_missing(client: FlaskClient) -> None:
    first = client.get("/health").headers["X-Request-ID"]
    second = client.get("/health").headers["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_request_id_is_echoed(client: FlaskClient) -> None:
    response = client.post(
        "/v1/extract", json={"text": ""}, headers={"X-Request-ID": "newsroom-42.a:b"}
    )
    assert response.headers["X-Request-ID"] == "newsroom-42.a:b"
    assert response.get_json()["request_id"] == "newsroom-42.a:b"


@pytest.mark.parametrize("bad", ["x" * 129, "two words", "<script>", "ä"])
def test_unsafe_request_id_is_replaced(client: FlaskClient, bad: str) -> None:
    echoed = client.get("/health", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
    assert echoed != bad and len(echoed) == 32


def test_one_json_log_line_per_request_without_the_text(client: FlaskClient) -> None:
    secret = "Rahasia redaksi yang tidak boleh tercatat"
    # The line is written when the server closes the answer; buffered=True makes the test
    # client close it, as gunicorn does.
    with captured_logs("kutip.api.access") as records:
        response = client.post(
            "/v1/extract",
            json={"text": f"“{secret},” kata Budi."},
            headers={"X-Request-ID": "log-1"},
            buffered=True,
        )
    [record] = records
    line = JsonFormatter().format(record)
    assert secret not in line
    fields = json.loads(line)
    assert fields["message"] == "request"
    assert fields["request_id"] == "log-1"
    assert fields["method"] == "POST"
    assert fields["route"] == "/v1/extract"
    assert fields["status"] == 200
    assert fields["duration_ms"] > 0
    assert fields["request_bytes"] == response.request.content_length
    assert fields["response_bytes"] == len(response.get_data())


def test_streamed_answer_is_logged_after_its_last_byte(client: FlaskClient) -> None:
    with captured_logs("kutip.api.access") as records:
        response = client.post(
            "/v1/extract/batch",
            json={"documents": [{"id": "a", "text": SHORT}] * 3},
            headers={"Accept": "application/x-ndjson"},
        )
        assert records == []  # nothing sent yet
        size = len(response.get_data())
        response.close()
    [record] = records
    assert record.fields["response_bytes"] == size  # type: ignore[attr-defined]


@pytest.fixture
def cors(make_client: Callable[..., FlaskClient]) -> FlaskClient:
    return make_client(cors_origins="https://redaksi.example, https://cms.example")


def test_cors_allows_configured_origins(cors: FlaskClient) -> None:
    response = cors.post(
        "/v1/extract", json={"text": SHORT}, headers={"Origin": "https://cms.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "https://cms.example"
    assert "X-Request-ID" in response.headers["Access-Control-Expose-Headers"]
    assert "Origin" in response.headers["Vary"]


def test_cors_preflight(cors: FlaskClient) -> None:
    response = cors.options(
        "/v1/extract",
        headers={
            "Origin": "https://redaksi.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, X-API-Key",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://redaksi.example"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "X-API-Key" in response.headers["Access-Control-Allow-Headers"]


def test_cors_preflight_needs_no_api_key(make_client: Callable[..., FlaskClient]) -> None:
    client = make_client(cors_origins="https://cms.example", api_keys="k")
    headers = {"Origin": "https://cms.example", "Access-Control-Request-Method": "POST"}
    assert client.options("/v1/extract", headers=headers).status_code == 200


def test_cors_ignores_other_origins(cors: FlaskClient, client: FlaskClient) -> None:
    for c in (cors, client):
        response = c.get("/v1/rules", headers={"Origin": "https://evil.example"})
        assert response.status_code == 200
        assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_wildcard(make_client: Callable[..., FlaskClient]) -> None:
    response = make_client(cors_origins="*").get("/health", headers={"Origin": "https://x.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://x.example"
