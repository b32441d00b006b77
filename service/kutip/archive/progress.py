"""Progress and per-item errors of the archive's long commands, on stderr."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Progress:
    """Counts outcomes; draws a one-line bar on a terminal, and prints each error as it comes."""

    verb: str
    total: int | None = None
    out: TextIO = field(default_factory=lambda: sys.stderr)
    counts: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def count(self, outcome: str) -> None:
        self.counts[outcome] += 1
        self._draw()

    def error(self, where: str, message: str) -> None:
        self.counts["errors"] += 1
        if self.out.isatty():
            self.out.write("\r\x1b[K")
        self.out.write(f"{where}: {message}\n")
        self._draw()

    def _draw(self) -> None:
        if not self.out.isatty():
            return
        if self.total:
            width = 30
            filled = int(width * min(self.done, self.total) / self.total)
            bar = "#" * filled + "-" * (width - filled)
            line = f"[{bar}] {self.done}/{self.total}"
        else:
            line = f"{self.done}"
        self.out.write(f"\rkutip archive {self.verb}: {line}, {self.counts['errors']} errors")
        self.out.flush()

    def summary(self) -> str:
        seconds = time.perf_counter() - self.started
        parts = ", ".join(f"{n} {name}" for name, n in sorted(self.counts.items()))
        if self.out.isatty():
            self.out.write("\n")
        return f"kutip archive {self.verb}: {self.done} in {seconds:.1f} s ({parts or 'nothing'})"
