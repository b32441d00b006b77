"""Where an article's time goes: milliseconds per article in each stage of the engine, and in
the regex calls of each rule (BENCHMARKS.md, "Where the time goes").

    python bench/stages.py             # pfsa-dev (or the seed article and rule examples)

One process pinned to one CPU loads the rules, extracts every article once to warm up, then
times one pass with each stage wrapped by a clock (CPU time of the process,
``time.process_time``: on a machine shared with other work, wall time measures the others). The
wrappers cost a little themselves: the stages add up to slightly more than an unwrapped pass,
which is printed beside them. Stages nest only where said (the people stage includes the
mention scan, which the scan rows break down).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import load_articles  # noqa: E402

Clock = defaultdict[str, float]


def _timed(clock: Clock, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            clock[name] += time.process_time() - started

    return wrapper


def _instrument(engine: Any, clock: Clock) -> None:
    """Wrap the stages of ``engine`` (and the modules it calls by name) with ``clock``."""
    from kutip.engine import budget, core
    from kutip.engine.people import scan

    for name in ("TextIndex", "find_indirect", "assemble"):
        setattr(core, name, _timed(clock, name, getattr(core, name)))
    engine._people_factory = _timed(clock, "People", engine._people_factory)
    engine._marks.find = _timed(clock, "marks", engine._marks.find)
    engine._attributor._decide = _timed(clock, "sieves", engine._attributor._decide)
    for method in ("runs", "_openers", "_cue_ends"):
        original = getattr(scan.RunScanner, method)
        setattr(scan.RunScanner, method, _timed(clock, f"  scan.{method}", original))
    rule_of = {r.pattern: r.id for r in engine.rulebook.rules if r.pattern is not None}
    for call in ("match", "search"):
        original = getattr(budget, call)

        def by_rule(pattern: Any, *args: Any, _original: Any = original) -> Any:
            started = time.process_time()
            try:
                return _original(pattern, *args)
            finally:
                clock[f"regex {rule_of.get(pattern, 'person (scan)')}"] += (
                    time.process_time() - started
                )

        setattr(budget, call, by_rule)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kutip: time per article in each engine stage")
    parser.add_argument("--top", type=int, default=8, help="rules shown by regex time")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from kutip.engine import Engine

    articles = [a["text"] for a in load_articles()]
    engine = Engine.from_directory(None)
    for text in articles:
        engine.extract(text)
    started = time.process_time()
    for text in articles:
        engine.extract(text)
    plain = time.process_time() - started
    clock: Clock = defaultdict(float)
    _instrument(engine, clock)
    for text in articles:
        engine.extract(text)
    per = 1000 / len(articles)
    print(f"{len(articles)} articles; one unwrapped pass: {plain * per:.2f} ms/article\n")
    print("| ms/article | stage |\n| ---: | --- |")
    stages = [k for k in clock if not k.startswith("regex ")]
    for name in sorted(stages, key=lambda k: (k.startswith("  "), -clock[k])):
        print(f"| {clock[name] * per:.3f} | {name.strip()} |")
    print("\n| ms/article | regex calls of |\n| ---: | --- |")
    rules = sorted((k for k in clock if k.startswith("regex ")), key=lambda k: -clock[k])
    for name in rules[: args.top]:
        print(f"| {clock[name] * per:.3f} | {name.removeprefix('regex ')} |")
    print(f"| {sum(clock[k] for k in rules) * per:.3f} | all rule and scan calls |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
