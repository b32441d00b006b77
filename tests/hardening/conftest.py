"""The API's fixtures (``app``, ``client``, ``spec``, a clean KUTIP_* environment) for the
hardening tests; ``engine`` stays the session-wide one from tests/conftest.py."""

from __future__ import annotations

from tests.api.conftest import _clean_environment, app, client, spec

__all__ = ["_clean_environment", "app", "client", "spec"]
