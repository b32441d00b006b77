"""POST /v1/extract: JSON and text/plain bodies, the answer's shape, options, metrics."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from kutip.engine import Engine

from .helpers import SHORT, assert_matches


def test_seed_article_answers_quotes_and_speakers(
    client: FlaskClient, seed_text: str, spec: dict[str, Any]
) -> None:
    response = client.post("/v1/extract", json={"text": seed_text, "id": "seed-0"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert_matches(spec, "ExtractResponse", body)
    assert body["id"] == "seed-0"
    assert body["quotes"], "the seed article has quotes"
    assert any("Stoltenberg" in (s["name"] or "") for s in body["speakers"])
    for quote in body["quotes"]:
        assert seed_text[quote["start"] : quote["end"]] == quote["text"]
    assert body["elapsed_ms"] >= 0


def test_answer_is_the_engines_result(client: FlaskClient, engine: Engine, seed_text: str) -> None:
    body = client.post("/v1/extract", json={"text": seed_text}).get_json()
    expected = engine.extract(seed_text).to_dict()
    for quote in body["quotes"]:  # the W3C TextQuoteSelector context the API adds
        prefix, suffix = quote.pop("prefix"), quote.pop("suffix")
        assert seed_text[quote["start"] - len(prefix) : quote["end"] + len(suffix)] == (
            prefix + quote["text"] + suffix
        )
    assert {k: body[k] for k in expected} == expected
    assert body["id"] is None


def test_text_plain_body_with_id_in_query(client: FlaskClient, spec: dict[str, Any]) -> None:
    response = client.post(
        "/v1/extract?id=plain-1",
        data=SHORT.encode(),
        content_type="text/plain; charset=utf-8",
    )
    assert response.status_code == 200
    body = response.get_json()
    assert_matches(spec, "ExtractResponse", body)
    assert body["id"] == "plain-1"
    assert body == {**client.post("/v1/extract", json={"text": SHORT, "id": "plain-1"}).get_json(),
                    "elapsed_ms": body["elapsed_ms"]}  # fmt: skip


def test_byte_order_mark_is_not_part_of_the_text(client: FlaskClient) -> None:
    plain = client.post("/v1/extract", data=SHORT.encode(), content_type="text/plain").get_json()
    marked = client.post(
        "/v1/extract", data=b"\xef\xbb\xbf" + SHORT.encode(), content_type="text/plain"
    ).get_json()
    assert [q["start"] for q in marked["quotes"]] == [q["start"] for q in plain["quotes"]]


def test_option_types_keeps_only_those_types(client: FlaskClient, seed_text: str) -> None:
    everything = client.post("/v1/extract", json={"text": seed_text}).get_json()
    direct = client.post(
        "/v1/extract", json={"text": seed_text, "options": {"types": ["direct"]}}
    ).get_json()
    assert {q["type"] for q in everything["quotes"]} - {"direct"}, "seed has other types too"
    assert direct["quotes"] == [q for q in everything["quotes"] if q["type"] == "direct"]
    kept = {q["id"] for q in direct["quotes"]}
    for speaker in direct["speakers"]:
        assert set(speaker["quotes"]) <= kept


def test_option_min_confidence(client: FlaskClient, seed_text: str) -> None:
    everything = client.post("/v1/extract", json={"text": seed_text}).get_json()
    floor = sorted(q["confidence"] for q in everything["quotes"])[-1]
    confident = client.post(
        "/v1/extract", json={"text": seed_text, "options": {"min_confidence": floor}}
    ).get_json()
    assert confident["quotes"]
    assert all(q["confidence"] >= floor for q in confident["quotes"])
    assert len(confident["quotes"]) < len(everything["quotes"])


def test_quotes_are_counted_in_metrics(client: FlaskClient, seed_text: str) -> None:
    quotes = client.post("/v1/extract", json={"text": seed_text}).get_json()["quotes"]
    metrics = client.get("/metrics").get_data(as_text=True)
    direct = sum(1 for q in quotes if q["type"] == "direct")
    assert f'kutip_quotes_extracted_total{{type="direct"}} {float(direct)}' in metrics
    assert "kutip_documents_total 1.0" in metrics
