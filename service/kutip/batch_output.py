"""What `kutip batch` reports: counts of documents, quotes and failures, the time, and with
``-o DIR`` one JSON-lines part per partition plus ``summary.json``.

Exit status: 0 when every document was answered, EXIT_FAILED when the batch ran to the end but
some documents got an error record (the output is complete either way; grep for ``"error"``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO

EXIT_FAILED = 3
SUMMARY_NAME = "summary.json"


def part_name(index: int) -> str:
    # Zero-padded, so a sorted listing (or `cat DIR/part-*.jsonl`) is in input order.
    return f"part-{index:05d}.jsonl"


@dataclass
class Summary:
    """Running totals over answer records (an error record counts as a failure)."""

    documents: int = 0
    quotes: int = 0
    failures: int = 0
    seconds: float = 0.0
    partitions: int = 0
    failed_codes: dict[str, int] = field(default_factory=dict)

    def add(self, record: dict[str, Any]) -> None:
        self.documents += 1
        error = record.get("error")
        if isinstance(error, dict):
            self.failures += 1
            code = str(error.get("code"))
            self.failed_codes[code] = self.failed_codes.get(code, 0) + 1
        else:
            self.quotes += len(record.get("quotes") or ())

    def write(self, out: TextIO, record: dict[str, Any]) -> None:
        """Count ``record`` and write it to ``out`` as one JSON line (local run and Dask part)."""
        self.add(record)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def merge(self, other: dict[str, Any]) -> None:
        """Add a partition's totals (a dict from ``as_dict``, as a Dask task returns it)."""
        self.documents += int(other["documents"])
        self.quotes += int(other["quotes"])
        self.failures += int(other["failures"])
        self.partitions += 1
        for code, n in dict(other["failed_codes"]).items():
            self.failed_codes[code] = self.failed_codes.get(code, 0) + int(n)

    def as_dict(self) -> dict[str, Any]:
        body = asdict(self)
        body["seconds"] = round(self.seconds, 3)
        return body

    def progress(self) -> str:
        return f"kutip batch: {self.documents} documents, {self.failures} errors"

    def line(self) -> str:
        """The one-line summary printed to stderr at the end."""
        codes = ", ".join(f"{c} {n}" for c, n in sorted(self.failed_codes.items()))
        failed = f"{self.failures} failed" + (f" ({codes})" if codes else "")
        parts = f", {self.partitions} partitions" if self.partitions else ""
        return (
            f"kutip batch: {self.documents} documents, {self.quotes} quotes, {failed}{parts}, "
            f"{self.seconds:.1f} s"
        )


def summary_json(summary: Summary, extra: dict[str, Any]) -> str:
    return json.dumps({**summary.as_dict(), **extra}, ensure_ascii=False, indent=2) + "\n"
