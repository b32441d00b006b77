"""kutip's HTTP service: ``create_app(config)`` builds the Flask app (see kutip.api.app).

Importing this package does nothing else: ``kutip serve`` must be able to set up the metrics
directory before Flask, the engine or prometheus_client are imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The kutip HTTP service. ``config`` overrides KUTIP_* settings by field name."""
    from kutip.api.app import create_app as build

    return build(config)


__all__ = ["create_app"]
