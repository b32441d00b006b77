"""Checks shared by the API tests: problem answers and the OpenAPI contract."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openapi_schema_validator import OAS31Validator, validate
from werkzeug.test import TestResponse

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_755a8e7ff748d252.txt"
SHORT = "“Kami siap menghadapi pemilu,” kata Budi Santoso.\n\nIa menambahkan, “Semua aman.”"


def assert_problem(
    response: TestResponse, status: int, code: str, spec: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The answer is an RFC 9457 problem with this status and code; returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert isinstance(body, dict)
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{16}", body["build"]), body  # who answered
    assert "Traceback" not in response.get_data(as_text=True)
    if spec is not None:
        assert_matches(spec, "Problem", body)
    return body


def assert_matches(spec: dict[str, Any], schema: str, body: Any) -> None:
    """``body`` is valid against components/schemas/<schema> of the OpenAPI document."""
    validate(
        body,
        {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]},
        cls=OAS31Validator,
    )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured_logs(name: str) -> Iterator[list[logging.LogRecord]]:
    """The records a kutip logger emits inside the block (they do not propagate to caplog)."""
    handler = _Collect()
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
