"""A small HTTP client for kutip's /v1/extract, on the standard library only (urllib).

Plugins run inside other applications (Superdesk, ...): no HTTP library of kutip's choosing
should be forced on them, and urllib is enough for one JSON POST with a timeout.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

__all__ = ["KutipClient", "KutipServiceError"]


class KutipServiceError(RuntimeError):
    """kutip could not be reached, or answered with an error (``status``/``code`` say which)."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class KutipClient:
    """POSTs documents to one kutip server, with an API key when one is given."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.api_key = api_key
        self.timeout = timeout

    def extract(
        self, document: Mapping[str, Any], query: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """kutip's answer (ExtractResponse) for ``document``; KutipServiceError otherwise."""
        url = urllib.parse.urljoin(self.base_url, "v1/extract")
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["X-API-Key"] = self.api_key
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer: dict[str, Any] = json.loads(response.read().decode("utf-8"))
                return answer
        except urllib.error.HTTPError as exc:
            raise _problem(exc) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KutipServiceError(
                f"kutip at {self.base_url} is not reachable: {reason}"
            ) from None
        except ValueError as exc:  # not JSON: a proxy's error page, say
            raise KutipServiceError(f"kutip at {self.base_url} sent no JSON: {exc}") from None


def _problem(exc: urllib.error.HTTPError) -> KutipServiceError:
    """The problem+json kutip sends with every error, as an exception saying what went wrong."""
    try:
        problem = json.loads(exc.read().decode("utf-8"))
        detail, code = str(problem["detail"]), str(problem["code"])
    except (ValueError, KeyError, TypeError):
        detail, code = exc.reason or "no detail", None
    return KutipServiceError(f"kutip answered {exc.code}: {detail}", exc.code, code)
