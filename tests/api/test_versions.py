"""The build version on the service: in every answer (errors too), in /ready and /v1/rules, as a
metric."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient

from kutip.build import build_version

from .helpers import ROOT

VERSION = re.compile(r"\d+\.\d+\.\d+\+[0-9a-f]{16}")


def test_the_service_reports_it_everywhere(
    client: FlaskClient, make_client: Callable[..., FlaskClient], tmp_path: Path
) -> None:
    ready = client.get("/ready").get_json()
    answer = client.post("/v1/extract", json={"text": "“Kami siap,” kata Budi."}).get_json()
    rules = client.get("/v1/rules").get_json()
    refused = client.post("/v1/extract", json={"text": ""}).get_json()  # a problem (422)
    missing = client.get("/v1/nowhere").get_json()  # a problem (404)
    assert VERSION.fullmatch(ready["build"])
    assert answer["build"] == ready["build"] == rules["build"]
    assert refused["status"] == 422 and missing["status"] == 404
    assert refused["build"] == missing["build"] == ready["build"]
    assert answer["build"] == build_version(ready["rules_version"])
    metrics = client.get("/metrics").get_data(as_text=True)
    assert f'kutip_build_info{{version="{ready["build"]}"}} 1.0' in metrics
    # Other rules (a comment is enough: the rules version hashes the files): another build.
    rules_dir = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules_dir)
    words = rules_dir / "lexicon" / "words.yaml"
    words.write_text(words.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    other = make_client(rules_dir=str(rules_dir)).get("/ready").get_json()
    assert other["rules_version"] != ready["rules_version"]
    assert other["build"] != ready["build"]
