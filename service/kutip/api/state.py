"""What the views share, kept on the app: settings, the engine, metrics, schemas, the API doc."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from flask import current_app

from kutip.api.config import Settings
from kutip.api.metrics import Metrics
from kutip.api.schemas import RequestSchemas
from kutip.build import build_version
from kutip.engine import Engine

EXTENSION = "kutip"


@dataclass(frozen=True, slots=True)
class Service:
    settings: Settings
    engine: Engine
    metrics: Metrics
    requests: RequestSchemas
    openapi: dict[str, Any]

    @property
    def build(self) -> str:
        """The build answering: the package, the rules in force and the code (kutip.build)."""
        return build_version(self.engine.rules_version)


def service() -> Service:
    """The Service of the app handling the current request."""
    return cast(Service, current_app.extensions[EXTENSION])
