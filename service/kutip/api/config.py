"""Service settings: defaults, overridden by KUTIP_* environment variables, then by explicit values.

A bad value stops the boot with a message naming the variable, like a bad rule does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

MIB = 1024 * 1024


class ConfigError(ValueError):
    """A setting has a value the service cannot run with."""


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise ConfigError(f"{name} must be at least 1, not {value}")
    return value


def _csv(name: str, raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _text(name: str, raw: str) -> str | None:
    return raw or None


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("", "0", "1", "true", "false", "yes", "no"):
        raise ConfigError(f"{name} must be 1 or 0 (true or false), not {raw!r}")
    return value in ("1", "true", "yes")


def _level(name: str, raw: str) -> str:
    level = raw.strip().upper()
    if not isinstance(logging.getLevelNamesMapping().get(level), int):
        raise ConfigError(f"{name} must be a logging level such as INFO or DEBUG, not {raw!r}")
    return level


# Setting name -> (environment variable, parser). One table so the names cannot drift apart.
ENVIRONMENT: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "rules_dir": ("KUTIP_RULES_DIR", _text),
    "max_body_bytes": ("KUTIP_MAX_BODY_BYTES", _positive_int),
    "max_text_chars": ("KUTIP_MAX_TEXT_CHARS", _positive_int),
    "batch_max": ("KUTIP_BATCH_MAX", _positive_int),
    "recycle_bytes": ("KUTIP_RECYCLE_BYTES", _positive_int),
    "api_keys": ("KUTIP_API_KEYS", _csv),
    "cors_origins": ("KUTIP_CORS_ORIGINS", _csv),
    "log_level": ("KUTIP_LOG_LEVEL", _level),
    # The quote archive (kutip.archive): off unless a database is named.
    "database_url": ("KUTIP_DATABASE_URL", _text),
    "archive_upgrade": ("KUTIP_ARCHIVE_UPGRADE", _flag),
    "superdesk_secret": ("KUTIP_SUPERDESK_SECRET", _text),
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the HTTP service can be configured with."""

    rules_dir: str | None = None
    max_body_bytes: int = 2 * MIB
    # About 4 s of engine time on this hardware; real articles are far below it.
    max_text_chars: int = 100_000
    batch_max: int = 100
    # A JSON batch answer over this restarts its worker after it: Python keeps the memory such
    # an answer took (2 MB of dense quotes: a 10.8 MB answer, 150 MiB peak, 60 MiB kept; the 20
    # long-dev articles answer in 133 kB). BENCHMARKS.md, "Hostile clients at the HTTP edge".
    recycle_bytes: int = 8 * MIB
    api_keys: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    log_level: str = "INFO"
    database_url: str | None = None  # sqlite:///FILE or postgresql+psycopg://...
    archive_upgrade: bool = False  # create or upgrade the archive's schema on start
    superdesk_secret: str | None = None  # the HTTP Push transmitter's shared secret

    @classmethod
    def load(
        cls, environ: Mapping[str, str], overrides: Mapping[str, Any] | None = None
    ) -> Settings:
        """Defaults, then the environment, then ``overrides`` (keys are field names)."""
        values: dict[str, Any] = {}
        for field, (variable, parse) in ENVIRONMENT.items():
            if variable in environ:
                values[field] = parse(variable, environ[variable])
        for field, value in (overrides or {}).items():
            if field not in ENVIRONMENT:
                known = ", ".join(sorted(ENVIRONMENT))
                raise ConfigError(f"unknown setting {field!r} (known: {known})")
            values[field] = _coerce(field, value)
        return cls(**values)


_NULLABLE = frozenset({"rules_dir", "database_url", "superdesk_secret"})


def _coerce(field: str, value: Any) -> Any:
    """Explicit values go through the environment's parser, so both obey the same checks."""
    variable, parse = ENVIRONMENT[field]
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    if value is None:
        return None if field in _NULLABLE else parse(variable, "")
    return parse(variable, str(value))
