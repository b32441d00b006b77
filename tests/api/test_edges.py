"""Careless and hostile clients at the app's edge (issue 17): invented methods, null batch
documents, ids that are not strings or not valid Unicode, redirects to a foreign Host, and the
nosniff header. The live server's side is in tests/hardening/test_edge_live.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from kutip.api import extraction
from kutip.api.inputs import RECYCLE_ENV
from kutip.api.routes import NDJSON
from tests.api.helpers import SHORT, assert_problem


def _series(client: FlaskClient, name: str) -> list[str]:
    text = client.get("/metrics").get_data(as_text=True)
    return [line for line in text.splitlines() if line.startswith(name + "{")]


def test_invented_methods_share_one_metric_series(client: FlaskClient) -> None:
    """The method label is from a closed set: 200 invented methods add one series, not 200."""
    before = len(_series(client, "kutip_requests_total"))
    for n in range(200):
        response = client.open("/health", method=f"INVENT{n}", buffered=True)
        assert response.status_code == 405
    series = _series(client, "kutip_requests_total")
    assert not any("INVENT" in line for line in series)
    others = [line for line in series if 'method="other"' in line]
    assert len(others) == 1 and others[0].endswith(" 200.0"), others
    assert len(series) <= before + 2  # the other series, and the /metrics GET itself


def test_known_methods_keep_their_label(client: FlaskClient) -> None:
    client.open("/health", method="DELETE", buffered=True)
    client.get("/health", buffered=True)
    series = _series(client, "kutip_requests_total")
    assert any('method="DELETE"' in line for line in series)
    assert any('method="GET"' in line and 'route="/health"' in line for line in series)


def test_a_null_document_is_its_own_error_in_the_batch(client: FlaskClient) -> None:
    documents = [None, 5, "x", {"id": "ok", "text": SHORT}]
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["count"], body["failed"]) == (4, 3)
    statuses = [(item["index"], item["status"]) for item in body["results"]]
    assert statuses == [(0, 422), (1, 422), (2, 422), (3, 200)]
    assert body["results"][0]["error"]["code"] == "validation_error"
    assert body["results"][3]["result"]["quotes"]


@pytest.mark.parametrize("field", ["uri", "guid"])
@pytest.mark.parametrize("value", [5, 1.5, True, {"a": 1}, [1, 2], {}])
def test_a_ninjs_id_that_is_not_a_string_is_refused(
    client: FlaskClient, field: str, value: object
) -> None:
    """It became its Python repr ('{'a': 1}') as the id before."""
    response = client.post("/v1/extract", json={field: value, "body_text": SHORT})
    body = assert_problem(response, 422, "validation_error")
    assert f"'{field}' must be a string" in str(body["errors"])
    batch = client.post(
        "/v1/extract/batch", json={"documents": [{field: value, "body_text": SHORT}]}
    )
    [item] = batch.get_json()["results"]
    assert item["status"] == 422 and item["id"] is None


@pytest.mark.parametrize(
    "body",
    [
        '{"id": "a\\ud800", "text": "x"}',
        '{"uri": "\\udc00b", "body_text": "“Kami siap,” kata Budi."}',
        '{"guid": "\\ud83d", "body_html": "<p>“Kami siap,” kata Budi.</p>"}',
    ],
    ids=["id", "uri", "guid"],
)
def test_lone_surrogates_in_an_id_are_refused_like_in_text(client: FlaskClient, body: str) -> None:
    """The error names the field as the sender spelled it (id, uri or guid)."""
    response = client.post("/v1/extract", data=body, content_type="application/json")
    problem = assert_problem(response, 422, "validation_error")
    field = next(name for name in ("id", "uri", "guid") if f'"{name}"' in body)
    assert "unpaired surrogate" in str(problem["errors"][field])


@pytest.mark.parametrize("path", ["/ui/static//kutip.js", "", "/ui//static/kutip.js"])
def test_a_redirect_never_names_the_requests_host(client: FlaskClient, path: str) -> None:
    """Werkzeug redirects '//' (merged) and '' to the Host the request named: a foreign Host
    made that an open redirect. The Location is a path on this server."""
    response = client.get(
        "/", environ_overrides={"PATH_INFO": path}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 308
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert "evil" not in location


@pytest.mark.parametrize(
    ("method", "path", "json"),
    [
        ("POST", "/v1/extract", {"text": SHORT}),
        ("POST", "/v1/extract", {"nope": 1}),
        ("GET", "/health", None),
        ("GET", "/nowhere", None),
        ("GET", "/openapi.json", None),
    ],
)
def test_every_answer_says_nosniff(
    client: FlaskClient, method: str, path: str, json: object
) -> None:
    response = client.open(path, method=method, json=json)
    assert response.headers.get_all("X-Content-Type-Options") == ["nosniff"]


def test_a_batch_past_its_quote_limit_refuses_the_rest_per_item(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch is bounded by its total work: past the cap, each later document is its own
    422 batch_limit_exceeded (not computed), the earlier ones keep their results."""
    monkeypatch.setattr(extraction, "BATCH_QUOTES", 3)
    documents = [{"id": str(n), "text": SHORT} for n in range(4)]  # 2 quotes each
    body = client.post("/v1/extract/batch", json={"documents": documents}).get_json()
    assert [item["status"] for item in body["results"]] == [200, 200, 422, 422]
    assert [len(item["result"]["quotes"]) for item in body["results"][:2]] == [2, 2]
    refused = body["results"][2]["error"]
    assert refused["code"] == "batch_limit_exceeded" and "3 quotes" in refused["detail"]
    assert body["results"][3]["id"] == "3"
    ndjson = client.post(
        "/v1/extract/batch", json={"documents": documents}, headers={"Accept": NDJSON}
    )
    lines = [json.loads(line) for line in ndjson.get_data(as_text=True).splitlines()]
    assert [line["status"] for line in lines] == [200, 200, 422, 422]


def test_a_batch_past_its_time_budget_refuses_the_rest_per_item(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extraction, "BATCH_SECONDS", 0.0)
    documents = [{"id": str(n), "text": SHORT} for n in range(3)]
    body = client.post("/v1/extract/batch", json={"documents": documents}).get_json()
    assert (body["count"], body["failed"]) == (3, 3)
    assert {item["error"]["code"] for item in body["results"]} == {"batch_limit_exceeded"}
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'kutip_errors_total{code="batch_limit_exceeded"} 3.0' in metrics
    ndjson = client.post(
        "/v1/extract/batch", json={"documents": documents}, headers={"Accept": NDJSON}
    )
    lines = [json.loads(line) for line in ndjson.get_data(as_text=True).splitlines()]
    assert [line["error"]["code"] for line in lines] == ["batch_limit_exceeded"] * 3


def test_an_outsized_batch_answer_asks_for_the_worker_to_be_replaced(
    make_client: Callable[..., FlaskClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The flag kutip's worker reads after the answer (it then restarts: memory comes back);
    the size is KUTIP_RECYCLE_BYTES (live: tests/hardening/test_edge_live.py)."""
    seen: list[dict[str, Any]] = []
    documents = [{"id": str(n), "text": SHORT} for n in range(3)]
    for recycle_bytes in (16 * 1024 * 1024, 100):
        client = make_client(recycle_bytes=recycle_bytes)
        app = client.application
        inner = app.wsgi_app

        def capture(environ: dict[str, Any], start_response: Any, inner: Any = inner) -> Any:
            seen.append(environ)
            return inner(environ, start_response)

        monkeypatch.setattr(app, "wsgi_app", capture)
        assert client.post("/v1/extract/batch", json={"documents": documents}).status_code == 200
    assert [environ.get(RECYCLE_ENV) for environ in seen] == [None, True]
