"""JSON log lines on stdout: one object per line, so log shippers need no parsing rules."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

# Records carry their structured fields under this attribute: logger.info(msg, extra={FIELDS: {}})
FIELDS = "fields"
_HANDLER_NAME = "kutip-json-stdout"


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "message", **fields}``; a traceback goes in ``exc``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, FIELDS, None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str) -> None:
    """Send the ``kutip`` loggers to stdout as JSON; calling it again only changes the level."""
    logger = logging.getLogger("kutip")
    logger.setLevel(level)
    if not any(h.get_name() == _HANDLER_NAME for h in logger.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    # The handler above is the only output; the root logger (gunicorn's) would print it twice.
    logger.propagate = False
