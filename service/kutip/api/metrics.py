"""Prometheus metrics, prefixed ``kutip_``, correct under several gunicorn workers.

Under gunicorn, gunicorn_conf.py sets PROMETHEUS_MULTIPROC_DIR before prometheus_client is
imported; every worker then writes its values to files there and /metrics adds them all up.
Without it (tests, the dev server) the values live in this app's own registry.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Seconds. The engine takes ~40 ms on a typical article and seconds on the longest allowed.
# Archive searches are index lookups: milliseconds, seconds only when something is wrong.
SEARCH_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


# The method label comes from this closed set: a client inventing methods (gunicorn accepts
# any token) must not create a series per invention.
KNOWN_METHODS = frozenset("GET HEAD POST PUT DELETE PATCH OPTIONS TRACE CONNECT".split())
OTHER_METHOD = "other"


def method_label(method: str) -> str:
    """``method`` if it is a standard HTTP method, else ``other``."""
    return method if method in KNOWN_METHODS else OTHER_METHOD


class Metrics:
    """The service's metrics, registered in a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._build: str | None = None
        self.requests = Counter(
            "kutip_requests",
            "HTTP requests answered, by route template, method and status code.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "kutip_request_duration_seconds",
            "Time from receiving a request to sending the last byte of its answer.",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "kutip_requests_in_flight",
            "Requests being answered right now.",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.documents = Counter(
            "kutip_documents",
            "Documents the engine answered (one per extract, one per good batch document).",
            registry=self.registry,
        )
        self.quotes = Counter(
            "kutip_quotes_extracted",
            "Quotes returned, by type (direct, indirect, mixed).",
            ["type"],
            registry=self.registry,
        )
        self.errors = Counter(
            "kutip_errors",
            "Error answers, by problem code (whole requests and single batch documents).",
            ["code"],
            registry=self.registry,
        )

        self.build_info = Gauge(
            "kutip_build_info",
            "1 for the build in force (0 for one replaced by a reload); the label is the build "
            "version: package version + digest of the rules and the code.",
            ["version"],
            registry=self.registry,
            multiprocess_mode="livemax",
        )
        self.archive_ingest = Counter(
            "kutip_archive_ingest",
            "Articles offered to the archive, by source (api, superdesk) and outcome "
            "(stored, unchanged, stale, skipped, rejected).",
            ["source", "outcome"],
            registry=self.registry,
        )
        self.archive_search = Histogram(
            "kutip_archive_search_duration_seconds",
            "Time the archive's database took to answer a search, by route.",
            ["route"],
            buckets=SEARCH_BUCKETS,
            registry=self.registry,
        )

    def set_build(self, version: str) -> None:
        """Report ``version`` as the build in force; a version reported before goes to 0
        (prometheus_client cannot drop a label under several worker processes)."""
        if version == self._build:
            return
        if self._build is not None:
            self.build_info.labels(version=self._build).set(0)
        self.build_info.labels(version=version).set(1)
        self._build = version

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route=route, method=method_label(method), status=str(status)).inc()
        self.latency.labels(route=route).observe(seconds)

    def error(self, code: str) -> None:
        self.errors.labels(code=code).inc()

    def exposition(self) -> tuple[bytes, str]:
        """The text format body and its content type, summed over all workers when there are."""
        if os.environ.get(MULTIPROC_ENV):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
