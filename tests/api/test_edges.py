"""Careless and hostile clients at the app's edge (issue 17): invented methods, null batch
documents, ids that are not strings or not valid Unicode, redirects to a foreign Host, and the
nosniff header. The live server's side is in tests/hardening/test_edge_live.py."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

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
