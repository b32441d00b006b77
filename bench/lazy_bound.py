"""How far finding people lazily can take the engine: issue 18's plan, measured before it is built
(BENCHMARKS.md, "Issue 18: what lazy mention finding can give").

    python bench/lazy_bound.py                                   # the three dev files
    python bench/lazy_bound.py --passes 5 ../shared/eval/long-dev.jsonl

The people stage finds every capitalised run of an article up front (``RunScanner``) and tries
the person pattern at each. Issue 18 asks to find them only around quotes and cues. This script
runs the engine three ways in one process pinned to one CPU, on the same articles, and scores
each way against the gold file, so that speed and quality are read side by side:

- ``full``: the engine as it is;
- ``lazy``: the scan reads only the sentences that hold a reporting word or touch a quotation,
  and the sentence before each quotation (where `X mengatakan:` stands): about what the plan
  would read, with no antecedent windows added (those would read more);
- ``none``: no run scanned at all, so no mention found up front; the rules still parse the
  speaker a pattern names. No lazy plan reads less than this: its speed is the ceiling of any.

The variants are this script's own (they replace ``RunScanner._openers`` for the run): nothing
of them is in the engine. Times are CPU seconds (``time.process_time``), best of ``--passes``
after a warm-up pass; ``--rounds`` runs of every variant, in a rotating order, give
the best (other work on a shared machine only adds time, by 10-40 % in single runs here) and
the median.
"""

from __future__ import annotations

import argparse
import bisect
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval"
DEV_FILES = ("pfsa-dev.jsonl", "hand-dev.jsonl", "long-dev.jsonl")

Openers = Callable[[Any, Any], list[tuple[int, int]]]


def _read_sentences(scanner: Any, cue_words: frozenset[str]) -> set[int]:
    """Numbers of the sentences the lazy plan reads: a reporting word in it, a quotation
    touching it, or a quotation in the sentence after it."""
    # The indirect sieve's own test of a sentence against the (sorted) quotations.
    from kutip.engine.sieves.indirect import _overlaps

    index = scanner.index
    cues = index.positions_of(cue_words)
    read: set[int] = set()
    for number, (start, end) in enumerate(index.sentences()):
        i = bisect.bisect_left(cues, start)
        if i < len(cues) and cues[i] < end:
            read.add(number)
        elif _overlaps(scanner.quoted, start, end):
            read.update((number, number - 1))
    return read


def variants(cue_words: frozenset[str]) -> dict[str, Openers]:
    """The three ways of finding the openers of runs (see the module docstring)."""
    from kutip.engine.people.scan import RunScanner

    full: Openers = RunScanner._openers

    def lazy(scanner: Any, patterns: Any) -> list[tuple[int, int]]:
        read = _read_sentences(scanner, cue_words)
        at = scanner.index.sentence_at
        return [(s, e) for s, e in full(scanner, patterns) if at(s) in read]

    def none(scanner: Any, patterns: Any) -> list[tuple[int, int]]:
        return []

    return {"full": full, "lazy": lazy, "none": none}


@contextmanager
def openers_of(find: Openers) -> Iterator[None]:
    from kutip.engine.people.scan import RunScanner

    original = RunScanner._openers
    RunScanner._openers = find  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        RunScanner._openers = original  # type: ignore[method-assign]


def measure(engine: Any, gold: dict[str, dict[str, Any]], passes: int) -> dict[str, float]:
    """Best CPU ms per article over ``passes`` passes, and the scores of FORMAT.md."""
    from kutip.evaluation.matching import score_documents

    texts = [g["text"] for g in gold.values()]
    pred = {aid: {"id": aid, **engine.extract(g["text"]).to_dict()} for aid, g in gold.items()}
    best = float("inf")
    for _ in range(passes):
        started = time.process_time()
        for text in texts:
            engine.extract(text)
        best = min(best, time.process_time() - started)
    summary = score_documents(gold, pred, 0).summary()
    return {
        "ms": best * 1000 / len(texts),
        "quotes_f1": summary["quote"]["f1"],
        "end_to_end_f1": summary["end_to_end"]["f1"],
        "speaker": summary["attribution"] or 0.0,
        "quotes": summary["pred_quotes"],
    }


def table(name: str, runs: dict[str, list[dict[str, float]]]) -> list[str]:
    """One Markdown table: each variant's best ms/article over the rounds (other work on the
    machine only ever adds time) with the median beside it, the speed-up of the best over
    ``full``'s best, and the scores (the same in every round: the engine is deterministic)."""
    best = {label: min(r["ms"] for r in rounds) for label, rounds in runs.items()}
    out = [
        name,
        "",
        "| variant | ms/article, best (median) | speed-up over full | quotes found | quotes F1 |"
        " end-to-end F1 | speaker |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, rounds in runs.items():
        r = rounds[0]
        median = statistics.median(x["ms"] for x in rounds)
        out.append(
            f"| {label} | {best[label]:.2f} ({median:.2f}) | {best['full'] / best[label]:.2f}x |"
            f" {r['quotes']:.0f} | {r['quotes_f1']:.3f} | {r['end_to_end_f1']:.3f} |"
            f" {r['speaker']:.3f} |"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kutip: what lazy mention finding can give")
    parser.add_argument("gold", nargs="*", type=Path, help="gold files (default: the dev files)")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per run (best)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of every variant (best)")
    args = parser.parse_args(argv)
    paths = args.gold or [DEV / name for name in DEV_FILES if (DEV / name).exists()]
    if not paths:
        print(f"no gold files: none given and none in {DEV}", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from kutip.engine import Engine
    from kutip.evaluation.run import load_jsonl

    engine = Engine.from_directory(None, budget_seconds=None)
    ways = variants(engine._cue_words)
    for path in paths:
        gold = load_jsonl(path)
        runs: dict[str, list[dict[str, float]]] = {label: [] for label in ways}
        order = list(ways)
        for round_number in range(args.rounds):
            # Each round in another order: a slow stretch of the machine falls on every variant.
            rotated = order[round_number % len(order) :] + order[: round_number % len(order)]
            for label in rotated:
                with openers_of(ways[label]):
                    for record in gold.values():  # warm-up
                        engine.extract(record["text"])
                    runs[label].append(measure(engine, gold, args.passes))
        title = f"{path.name}: {len(gold)} articles, one core, {args.rounds} rounds"
        print("\n".join(table(title, runs)), end="\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
