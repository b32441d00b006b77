"""The archive inside the service: off without a database (everything else as before), its
operations in /openapi.json with their errors, API keys, media types, text bodies."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from kutip.api import create_app
from kutip.api.config import ConfigError
from tests.api.helpers import SHORT, assert_matches, assert_problem
from tests.archive.conftest import SECRET, make_archive_app
from tests.archive.helpers import TEXT, ninjs_text, signed

ARCHIVE_CALLS = [
    ("POST", "/v1/articles", {"id": "a", "text": SHORT}),
    ("GET", "/v1/articles/a", None),
    ("POST", "/v1/articles/a/quotes", {"start": 0, "end": 3}),
    ("PATCH", "/v1/articles/a/quotes/q1", {"dropped": True}),
    ("POST", "/v1/hooks/superdesk", {"guid": "a"}),
    ("GET", "/v1/quotes", None),
    ("GET", "/v1/speakers", None),
    ("GET", "/v1/speakers/1", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ARCHIVE_CALLS)
def test_without_a_database_the_archive_is_503_and_nothing_else_changes(
    method: str, path: str, body: Any
) -> None:
    client = create_app().test_client()
    assert_problem(client.open(path, method=method, json=body), 503, "archive_not_configured")
    extracted = client.post("/v1/extract", json={"text": SHORT})
    assert extracted.status_code == 200 and len(extracted.get_json()["quotes"]) == 2


def test_every_archive_operation_is_described_with_its_errors(spec: dict[str, Any]) -> None:
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if "archive" in op.get("tags", [])
    ]
    assert {(path, method.upper()) for path, method, _ in operations} == {
        (path.replace("/a/quotes/q1", "/{article_id}/quotes/{quote_id}")
         .replace("/a/quotes", "/{article_id}/quotes")
         .replace("/articles/a", "/articles/{article_id}")
         .replace("/speakers/1", "/speakers/{speaker_id}"), method)
        for method, path, _ in ARCHIVE_CALLS
    }  # fmt: skip
    ids = [op["operationId"] for _, _, op in operations]
    assert len(set(ids)) == len(ids) == len(ARCHIVE_CALLS)
    for path, _, op in operations:
        assert {"500", "503"} <= set(op["responses"]), path
        problems = [r for s, r in op["responses"].items() if s[0] in "45"]
        # Its own problems inline, the errors any request can get as shared responses.
        shared = spec["components"]["responses"]
        problems = [shared[r["$ref"].rsplit("/", 1)[1]] if "$ref" in r else r for r in problems]
        assert all("application/problem+json" in r["content"] for r in problems)


def test_api_keys_guard_the_archive_but_not_the_signed_hook(db_url: str) -> None:
    client = make_archive_app(db_url, api_keys=["k1"]).test_client()
    assert_problem(client.get("/v1/quotes"), 401, "unauthorized")
    assert client.get("/v1/quotes", headers={"X-API-Key": "k1"}).status_code == 200
    body, headers = signed(SECRET, ninjs_text("urn:x:1", 1, TEXT))
    assert client.post("/v1/hooks/superdesk", data=body, headers=headers).status_code == 201


def test_a_text_body_takes_its_metadata_from_the_query(
    archive_client: FlaskClient, spec: dict[str, Any]
) -> None:
    response = archive_client.post(
        "/v1/articles?id=plain-1&outlet=Antara&published_at=2024-05-01T00:00:00Z",
        data=TEXT.encode(),
        content_type="text/plain; charset=utf-8",
    )
    assert response.status_code == 201
    body = response.get_json()
    assert_matches(spec, "IngestResponse", body)
    assert (body["id"], body["outlet"], body["published_at"]) == (
        "plain-1",
        "Antara",
        "2024-05-01T00:00:00+00:00",
    )
    html = archive_client.post(
        "/v1/articles?id=html-1", data=b"<p>" + TEXT.encode() + b"</p>", content_type="text/html"
    )
    assert html.status_code == 201 and html.get_json()["quotes"][0]["html_start"] is not None


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": b"x", "content_type": "application/xml"}, 415, "unsupported_media_type"),
        ({"data": b"{", "content_type": "application/json"}, 400, "malformed_json"),
        ({"json": {"text": TEXT}}, 422, "validation_error"),  # no id
        ({"json": {"id": "a", "text": TEXT, "published_at": "kemarin"}}, 422, "validation_error"),
        ({"json": {"id": "a", "text": TEXT, "colour": "red"}}, 422, "validation_error"),
        ({"json": ["a"]}, 422, "validation_error"),
    ],
    ids=["xml", "broken json", "no id", "bad time", "unknown field", "not an object"],
)
def test_bad_articles_are_refused_and_counted(
    archive_client: FlaskClient, kwargs: dict[str, Any], status: int, code: str
) -> None:
    assert_problem(archive_client.post("/v1/articles", **kwargs), status, code)
    metrics = archive_client.get("/metrics").get_data(as_text=True)
    assert 'kutip_archive_ingest_total{outcome="rejected",source="api"} 1.0' in metrics


def test_a_database_url_kutip_cannot_use_stops_the_boot() -> None:
    with pytest.raises(ConfigError, match="KUTIP_DATABASE_URL"):
        create_app({"database_url": "mysql://localhost/kutip"})
