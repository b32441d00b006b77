"""The problem-details shape (RFC 9457) every kutip error takes, outside any web framework.

The HTTP API answers with it (kutip.api.errors adds the request's ``instance`` and id) and
``kutip batch`` writes it as each failed line's ``error``, so a program reads one shape from both.
Werkzeug's status table (a plain dict, no Flask) gives the titles, so they match the API's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def problem(
    status: int, code: str, detail: str, errors: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The problem body without request details (batch documents use it as it is)."""
    # Imported here: werkzeug's package import is a tenth of a second of `kutip batch`'s start,
    # which needs the table only once a line fails.
    from werkzeug.http import HTTP_STATUS_CODES

    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = dict(errors)
    return body
