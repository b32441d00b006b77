"""A 422's ``codes``: every message under ``errors`` as a stable code (issue 14: the page at `/`
translates codes, never English prose). ``code`` stays ``validation_error`` (additive)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from kutip.api.problem_codes import FALLBACK, FIELD_CODES, field_codes, message_code

from .helpers import assert_problem

# A body for each code, as a client could send it to POST /v1/extract.
CASES: list[tuple[str, Any, dict[str, Any]]] = [
    ("text_too_long", {"text": "a" * 101}, {"text": ["text_too_long"]}),
    ("html text too long", {"html": "<p>" + "a" * 101 + "</p>"}, {"html": ["text_too_long"]}),
    ("text_empty", {"text": "  "}, {"text": ["text_empty"]}),
    ("text_not_unicode", '{"text": "a \\ud800 b"}', {"text": ["text_not_unicode"]}),
    ("html_empty", {"html": "<div><script>x</script></div>"}, {"html": ["html_empty"]}),
    ("text_and_html", {"text": "a", "html": "b"}, {"html": ["text_and_html"]}),
    ("text_missing", {}, {"text": ["text_missing"]}),
    ("unknown_field", {"text": "a", "colour": 1}, {"colour": ["unknown_field"]}),
    ("wrong_type", {"text": 5}, {"text": ["wrong_type"]}),
    ("field_null", {"text": None}, {"text": ["field_null"]}),
    ("wrong_length", {"text": "a", "id": ""}, {"id": ["wrong_length"]}),
    (
        "not_one_of and out_of_range",
        {"text": "a", "options": {"types": ["kutipan"], "min_confidence": 2}},
        {"options": {"types": {"0": ["not_one_of"]}, "min_confidence": ["out_of_range"]}},
    ),
    (
        "newsroom_document",
        {"uri": "urn:x", "bodies": [{"value": 5}]},
        {"bodies[0].value": ["newsroom_document"]},  # the field as the sender named it
    ),
]


@pytest.fixture
def small(make_client: Callable[..., FlaskClient]) -> FlaskClient:
    return make_client(max_text_chars=100, batch_max=2)


@pytest.mark.parametrize(("name", "body", "codes"), CASES, ids=[c[0] for c in CASES])
def test_each_message_has_its_code(
    small: FlaskClient, spec: dict[str, Any], name: str, body: Any, codes: dict[str, Any]
) -> None:
    if isinstance(body, str):
        response = small.post("/v1/extract", data=body, content_type="application/json")
    else:
        response = small.post("/v1/extract", json=body)
    problem = assert_problem(response, 422, "validation_error", spec)
    assert problem["codes"] == codes
    assert set(problem["codes"]) == set(problem["errors"])  # same keys as the messages


def test_many_unknown_fields_say_more_errors(client: FlaskClient) -> None:
    body = {"text": "a", **{f"f{i:02}": 1 for i in range(25)}}
    problem = assert_problem(client.post("/v1/extract", json=body), 422, "validation_error")
    assert problem["codes"]["_truncated"] == ["more_errors"]
    assert all(value in (["unknown_field"], ["more_errors"]) for value in problem["codes"].values())


def test_batch_documents_carry_codes_too(small: FlaskClient) -> None:
    response = small.post("/v1/extract/batch", json={"documents": [{"id": "a"}, {"text": " "}]})
    assert response.status_code == 200
    first, second = response.get_json()["results"]
    assert first["error"]["codes"] == {"text": ["text_missing"]}
    assert second["error"]["codes"] == {"text": ["text_empty"]}  # no id is fine: by position
    too_many = small.post(
        "/v1/extract/batch", json={"documents": [{"id": str(i)} for i in range(3)]}
    )
    assert assert_problem(too_many, 422, "validation_error")["codes"] == {
        "documents": ["documents_count"]
    }


def test_problems_without_field_errors_have_no_codes(client: FlaskClient) -> None:
    response = client.post("/v1/extract", data="{", content_type="application/json")
    problem = assert_problem(response, 400, "malformed_json")
    assert "codes" not in problem


def test_an_unknown_message_falls_back_and_nesting_is_kept() -> None:
    assert message_code("Something nobody wrote yet.") == FALLBACK
    assert field_codes({"a": {"0": ["Unknown field."]}, "b": ["x"]}) == {
        "a": {"0": ["unknown_field"]},
        "b": [FALLBACK],
    }
    assert len({code for code, _ in FIELD_CODES}) == len(FIELD_CODES)
