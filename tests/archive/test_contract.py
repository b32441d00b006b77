"""The OpenAPI contract over the archive's routes, on an app with an archive (SQLite, upgraded,
with a stored article): schemathesis as in tests/hardening/test_http.py, which leaves these
routes out because without a database they answer 503."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from kutip.api import create_app
from tests.api.helpers import SHORT

EXAMPLES = 30  # per operation: about 30 s for the eight operations, measured under load

_directory = Path(tempfile.mkdtemp(prefix="kutip-contract-"))
atexit.register(shutil.rmtree, _directory, True)
_app = create_app(
    {
        "database_url": f"sqlite:///{_directory / 'archive.sqlite3'}",
        "archive_upgrade": True,
        "superdesk_secret": "secret",
    }
)
_app.test_client().post("/v1/articles", json={"id": "0", "text": SHORT})
schema = schemathesis.openapi.from_wsgi("/openapi.json", _app).include(tag="archive")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_archive_routes_keep_the_openapi_contract(case: schemathesis.Case[Any]) -> None:
    """No 500s; statuses, media types and bodies as declared. Schema-valid requests may still be
    refused (a span past the text, an unknown article), and query parameters the API does not
    use are ignored, so neither acceptance nor rejection of generated data is checked."""
    case.call_and_validate(
        excluded_checks=[checks.positive_data_acceptance, checks.negative_data_rejection]
    )
