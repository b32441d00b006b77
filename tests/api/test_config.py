"""Settings from KUTIP_* variables, the app factory, and nothing done at import time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kutip.api import create_app
from kutip.api.config import MIB, ConfigError, Settings
from kutip.api.state import EXTENSION, Service
from kutip.engine import RulesError

from .helpers import ROOT


def test_defaults() -> None:
    settings = Settings.load({})
    assert settings.max_body_bytes == 2 * MIB
    assert settings.batch_max == 100
    assert settings.api_keys == () and settings.cors_origins == ()
    assert settings.rules_dir is None and settings.log_level == "INFO"


def test_environment_over_defaults_and_overrides_over_both() -> None:
    environ = {
        "KUTIP_RULES_DIR": "/srv/rules",
        "KUTIP_MAX_BODY_BYTES": "4096",
        "KUTIP_MAX_TEXT_CHARS": "3000",
        "KUTIP_BATCH_MAX": "5",
        "KUTIP_API_KEYS": " a , b,,",
        "KUTIP_CORS_ORIGINS": "https://cms.example",
        "KUTIP_LOG_LEVEL": "debug",
    }
    settings = Settings.load(environ, {"batch_max": 9, "api_keys": ["c"]})
    assert settings == Settings(
        rules_dir="/srv/rules",
        max_body_bytes=4096,
        max_text_chars=3000,
        batch_max=9,
        api_keys=("c",),
        cors_origins=("https://cms.example",),
        log_level="DEBUG",
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"KUTIP_MAX_BODY_BYTES": "2MB"}, "KUTIP_MAX_BODY_BYTES must be a whole number"),
        ({"KUTIP_BATCH_MAX": "0"}, "KUTIP_BATCH_MAX must be at least 1"),
        ({"KUTIP_LOG_LEVEL": "loud"}, "KUTIP_LOG_LEVEL must be a logging level"),
    ],
)
def test_bad_environment_values_are_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.load(environ)


def test_unknown_and_bad_overrides() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'max_docs'"):
        Settings.load({}, {"max_docs": 3})
    with pytest.raises(ConfigError, match="at least 1"):
        Settings.load({}, {"max_text_chars": -5})


def test_create_app_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUTIP_API_KEYS", "env-key")
    client = create_app().test_client()
    assert client.get("/v1/rules").status_code == 401
    assert client.get("/v1/rules", headers={"X-API-Key": "env-key"}).status_code == 200


def test_limits_of_one_app_do_not_leak_into_another() -> None:
    strict = create_app({"max_text_chars": 10}).test_client()
    relaxed = create_app().test_client()
    text = "“Kami siap menghadapi pemilu,” kata Budi."
    assert strict.post("/v1/extract", json={"text": text}).status_code == 422
    assert relaxed.post("/v1/extract", json={"text": text}).status_code == 200


def test_the_engine_is_built_once_per_process() -> None:
    first: Service = create_app().extensions[EXTENSION]
    second: Service = create_app({"batch_max": 3}).extensions[EXTENSION]
    assert first.engine is second.engine


def test_broken_rules_stop_the_boot(tmp_path: Path) -> None:
    with pytest.raises(RulesError):
        create_app({"rules_dir": str(tmp_path)})


def test_importing_does_nothing() -> None:
    # `kutip serve` relies on this: the metrics directory is set up after these imports.
    code = (
        "import sys, kutip.api, kutip.api.server\n"
        "print(','.join(m for m in ('flask', 'prometheus_client') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == ""
