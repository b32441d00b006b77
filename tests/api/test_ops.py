"""Health, readiness, metrics, rules, the OpenAPI document and the docs page."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from kutip.api.contract import REQUIRED_BRANCHES
from kutip.build import build_version
from kutip.engine import Engine

from .helpers import SHORT, assert_matches, assert_problem


def test_health(client: FlaskClient, spec: dict[str, Any]) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert_matches(spec, "Health", response.get_json())


def test_ready_reports_the_loaded_rules(
    client: FlaskClient, engine: Engine, spec: dict[str, Any]
) -> None:
    body = client.get("/ready").get_json()
    assert_matches(spec, "Ready", body)
    assert body == {
        "status": "ready",
        "rules_version": engine.rules_version,
        "build": build_version(engine.rules_version),
        "rules": len(engine.rule_ids),
    }


def test_not_ready_when_the_engine_fails(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, spec: dict[str, Any]
) -> None:
    def broken(engine: Engine, text: str) -> Any:
        raise RuntimeError("corrupt rules")

    monkeypatch.setattr(Engine, "extract", broken)
    assert_problem(client.get("/ready"), 503, "not_ready", spec)
    assert client.get("/health").status_code == 200


def test_rules(client: FlaskClient, engine: Engine, spec: dict[str, Any]) -> None:
    body = client.get("/v1/rules").get_json()
    assert_matches(spec, "RulesResponse", body)
    assert body["rules_version"] == engine.rules_version
    assert body["ids"] == list(engine.rule_ids)
    assert body["count"] == len(body["rules"]) == sum(body["by_kind"].values())
    assert [r["id"] for r in body["rules"]] == body["ids"]


def test_metrics_count_requests_by_route_and_status(client: FlaskClient) -> None:
    # Requests are counted when the server closes the answer: buffered=True closes it here.
    client.post("/v1/extract", json={"text": SHORT}, buffered=True)
    client.post("/v1/extract", json={"text": ""}, buffered=True)
    client.get("/no/such/page", buffered=True)
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    for line in (
        'kutip_requests_total{method="POST",route="/v1/extract",status="200"} 1.0',
        'kutip_requests_total{method="POST",route="/v1/extract",status="422"} 1.0',
        'kutip_requests_total{method="GET",route="<unmatched>",status="404"} 1.0',
        'kutip_request_duration_seconds_count{route="/v1/extract"} 2.0',
        'kutip_errors_total{code="validation_error"} 1.0',
        'kutip_errors_total{code="not_found"} 1.0',
        "kutip_requests_in_flight 1.0",  # the /metrics request itself
    ):
        assert line in text, line
    names = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE")}
    assert all(name.startswith("kutip_") for name in names), names


def test_metrics_belong_to_their_app(make_client: Any) -> None:
    first, second = make_client(), make_client()
    first.post("/v1/extract", json={"text": SHORT}, buffered=True)
    assert 'route="/v1/extract"' not in second.get("/metrics").get_data(as_text=True)


def test_openapi_document_is_valid(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {
        "/v1/extract",
        "/v1/extract/batch",
        "/v1/rules",
        "/health",
        "/ready",
        "/metrics",
        "/openapi.json",
        "/docs",
        "/",
        # The archive (kutip.api.archive_openapi); tests/archive checks its operations.
        "/v1/articles",
        "/v1/articles/{article_id}",
        "/v1/articles/{article_id}/quotes",
        "/v1/articles/{article_id}/quotes/{quote_id}",
        "/v1/hooks/superdesk",
        "/v1/quotes",
        "/v1/speakers",
        "/v1/speakers/{speaker_id}",
    }
    # The key is declared always; without configured keys it is optional ({}).
    assert spec["security"] == [{"ApiKey": []}, {"Bearer": []}, {}]
    schemes = spec["components"]["securitySchemes"]
    assert "this server does not" in schemes["ApiKey"]["description"]
    assert "enforced only when" in schemes["Bearer"]["description"].lower()


def test_every_operation_has_an_id_a_tag_and_the_errors_any_request_can_get(
    spec: dict[str, Any],
) -> None:
    declared = {tag["name"] for tag in spec["tags"]}
    ids = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            ids.append(operation["operationId"])
            assert len(operation["tags"]) == 1 and operation["tags"][0] in declared, path
            responses = operation["responses"]
            for status in ("404", "405", "414", "431", "default"):
                # A shared problem response, or the operation's own (the archive's 404 says
                # which article is missing).
                problem = responses[status]
                if "$ref" in problem:
                    problem = spec["components"]["responses"][problem["$ref"].rsplit("/", 1)[1]]
                assert problem["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }, (method, path, status)
    assert len(ids) == len(set(ids))
    assert {"extract", "extractBatch", "health", "ready", "openapi"} <= set(ids)


def test_responses_may_grow_and_requests_must_carry_an_article(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert all("if" in schemas[name] for name in REQUIRED_BRANCHES)
    for name in ("Quote", "ExtractResponse", "Problem", "BatchResponse", "Ready", "Speaker"):
        assert schemas[name]["additionalProperties"] is True, name
    assert schemas["ExtractRequest"]["additionalProperties"] is False
    validator = OAS31Validator({"$ref": "#/components/schemas/ExtractRequest", **spec})
    assert validator.is_valid({"text": "a"}) and validator.is_valid({"html": "<p>a</p>"})
    assert not validator.is_valid({}) and not validator.is_valid({"id": "x"})
    assert not validator.is_valid({"text": "a", "html": "<p>a</p>"})
    ninjs = OAS31Validator({"$ref": "#/components/schemas/Ninjs", **spec})
    assert ninjs.is_valid({"uri": "u", "body_text": "a"})
    assert ninjs.is_valid({"uri": "u", "body_richtext": "a"})  # any ninjs 1.x body_*
    assert ninjs.is_valid({"uri": "u", "bodies": [{"value": "a"}]})
    assert not ninjs.is_valid({"uri": "u", "headline": "only a headline"})
    item = OAS31Validator({"$ref": "#/components/schemas/SuperdeskRequest", **spec})
    assert item.is_valid({"item": {"guid": "g", "body_html": "<p>a</p>"}})
    assert not item.is_valid({"item": {"guid": "g", "headline": "h"}})


def test_openapi_shows_the_limits_in_force(make_client: Any) -> None:
    spec = make_client(max_text_chars=1234, batch_max=7).get("/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert schemas["ExtractRequest"]["properties"]["text"]["maxLength"] == 1234
    assert schemas["BatchDocument"]["properties"]["text"]["maxLength"] == 1234
    documents = schemas["BatchRequest"]["properties"]["documents"]
    assert documents["maxItems"] == 7
    assert {"$ref": "#/components/schemas/BatchDocument"} in documents["items"]["anyOf"]
    assert "additionalProperties" in schemas["ExtractRequest"]  # unknown fields are refused


def test_openapi_declares_api_keys_when_configured(make_client: Any) -> None:
    spec = make_client(api_keys="k").get("/openapi.json").get_json()
    validate(spec)
    assert spec["security"] == [{"ApiKey": []}, {"Bearer": []}]
    assert (
        "this server enforces it" in spec["components"]["securitySchemes"]["ApiKey"]["description"]
    )
    assert spec["paths"]["/health"]["get"]["security"] == []


def test_docs_page_is_self_contained(client: FlaskClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'fetch("/openapi.json")' in page
    assert "http://" not in page and "https://" not in page  # no CDN, nothing from elsewhere
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
