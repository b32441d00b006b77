"""Timed passes over a list of articles, shared by bench.py and compare.py's driver.

Kept free of imports beyond the standard library: compare.py's driver runs it in a process
whose kutip is another tree's, and must not pull that tree's modules in through this one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence


def timed_passes(
    extract: Callable[[str], object], texts: Sequence[str], passes: int
) -> tuple[float, float, list[float]]:
    """Best CPU and wall seconds of ``passes`` passes; every article's wall ms, every pass."""
    best_cpu = best_wall = float("inf")
    each: list[float] = []
    for _ in range(passes):
        wall, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            started = time.perf_counter()
            extract(text)
            each.append((time.perf_counter() - started) * 1000)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall, each


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]
