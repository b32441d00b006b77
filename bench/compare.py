"""Two engine trees side by side in one run, alternating, on one core: before/after figures
that the machine's load disturbs equally (BENCHMARKS.md, "Per core, before and after").

    python bench/compare.py                       # 5daf703 (before issue 18) against the checkout
    python bench/compare.py --before HEAD~3 --after HEAD --rounds 5
    python bench/compare.py --callgrind 30        # also instruction counts (valgrind)

Each tree (a commit, materialised with ``git archive`` into a temporary directory, or the
checkout itself) runs in fresh processes pinned to CPU 0 (``taskset -c 0``) with PYTHONPATH at
its service/. One round runs every tree once, the order alternating from round to round; a run
builds the engine (start, and the first extraction: first-request latency), extracts every
article of each dev file once to warm up, then ``--passes`` times; the best pass counts (CPU
and wall time), p99 is over each article timed alone in every pass, peak RSS is ru_maxrss.

``--callgrind N``: instruction counts under ``valgrind --tool=callgrind`` (repeatable under
load, unlike time): the first N articles of each dev file, extracted once after a warm-up
article, one process per tree and file. Only the extraction is counted: it runs inside
``itertools.starmap``, and callgrind collects only within ``starmap_next`` (neither the engine
nor its start uses itertools); the start runs uninstrumented (``--instr-atstart=no``, then
``callgrind_control -i on``), which makes a run take seconds instead of minutes; PYTHONHASHSEED
is fixed so that set orders repeat.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.engine.reference import materialised, tree_env  # noqa: E402

BEFORE = "5daf703"  # main before issue 18
DEV = ROOT.parent / "shared" / "eval"
DEV_FILES = ("pfsa-dev.jsonl", "long-dev.jsonl")

# Runs inside the measured tree (its own kutip on PYTHONPATH); prints one JSON object.
_DRIVER = r"""
import itertools, json, os, resource, subprocess, sys, time
started = (time.perf_counter(), time.process_time())
from kutip.engine import Engine
rules, passes, limit, *paths = sys.argv[1:]
passes, limit = int(passes), int(limit)
engine = Engine.from_directory(rules)
built = (time.perf_counter() - started[0], time.process_time() - started[1])
engine.extract("Budi mengatakan, harga naik. “Kami siap,” kata Budi.")
first = time.perf_counter() - started[0]
out = {"start_wall_s": built[0], "start_cpu_s": built[1], "first_extract_wall_s": first}
sys.path.append(os.environ["KUTIP_BENCH_ROOT"])  # this checkout's bench/, after the start
from bench.passes import percentile, timed_passes
if passes == 0:  # under callgrind: instrument from here on (the start runs uninstrumented)
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True,
                   capture_output=True)
    time.sleep(0.5)  # callgrind reads the command between two blocks of the program
for path in paths:
    texts = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:  # only the lines used: callgrind counts the reading too
            if line.strip() and not (limit and len(texts) >= limit):
                texts.append(json.loads(line)["text"])
    if passes == 0:  # callgrind: one pass, collected inside starmap only
        for _ in itertools.starmap(engine.extract, ((t,) for t in texts)):
            pass
        continue
    for text in texts:
        engine.extract(text)
    best_cpu, best_wall, each = timed_passes(engine.extract, texts, passes)
    out[path.rsplit("/", 1)[-1]] = {
        "articles": len(texts), "cpu_s": best_cpu, "wall_s": best_wall,
        "p99_ms": percentile(each, 0.99),
    }
out["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _run(
    tree: Path, args: list[str], wrapper: list[str], **extra: str
) -> subprocess.CompletedProcess[str]:
    env = {**tree_env(tree), "KUTIP_BENCH_ROOT": str(ROOT), **extra}
    command = [*wrapper, sys.executable, "-c", _DRIVER, str(tree / "rules"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True)


def measure(tree: Path, dev: list[Path], passes: int) -> dict[str, Any]:
    done = _run(tree, [str(passes), "0", *map(str, dev)], ["taskset", "-c", "0"])
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def instructions(tree: Path, path: Path, articles: int) -> int:
    """Instructions (callgrind's Ir) to extract the first ``articles`` of ``path``."""
    with tempfile.TemporaryDirectory() as tmp:
        wrapper = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={tmp}/out",
            "--instr-atstart=no",  # the start at near-native speed, not counted
            "--collect-atstart=no",
            "--toggle-collect=starmap_next",
        ]
        done = _run(tree, ["0", str(articles), str(path)], wrapper, PYTHONHASHSEED="0")
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no callgrind summary:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kutip: two engine trees, alternating")
    parser.add_argument("--before", default=BEFORE, help="a commit (default: before issue 18)")
    parser.add_argument("--after", default="", help="a commit (default: the checkout)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--callgrind", type=int, default=0, metavar="N")
    parser.add_argument("--json", type=Path, default=None)
    options = parser.parse_args(argv)
    dev = [DEV / name for name in DEV_FILES if (DEV / name).is_file()]
    if not dev:
        parser.error(f"no dev files in {DEV}")
    with ExitStack() as stack:
        trees = {
            "before": stack.enter_context(materialised(options.before)),
            "after": stack.enter_context(materialised(options.after)) if options.after else ROOT,
        }
        runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
        for n in range(options.rounds):
            for name in ("before", "after") if n % 2 == 0 else ("after", "before"):
                runs[name].append(measure(trees[name], dev, options.passes))
                print(f"round {n + 1}: {name} done", file=sys.stderr, flush=True)
        counts = {
            name: {path.name: instructions(tree, path, options.callgrind) for path in dev}
            for name, tree in trees.items()
            if options.callgrind
        }
    print(report(runs, counts, options))
    if options.json:
        options.json.write_text(json.dumps({"runs": runs, "callgrind": counts}, indent=2))
    return 0


def report(
    runs: dict[str, list[dict[str, Any]]], counts: dict[str, dict[str, int]], options: Any
) -> str:
    after = options.after or "checkout"
    lines = [
        f"before {options.before}, after {after}; {options.rounds} alternating rounds, "
        f"best of {options.passes} passes each; figures: median of the rounds (min-max)",
        "",
        "| measure | before | after | after / before |",
        "| --- | ---: | ---: | ---: |",
    ]

    def row(label: str, pick: Any, fmt: str) -> None:
        values = {k: [pick(r) for r in v] for k, v in runs.items()}
        med = {k: statistics.median(v) for k, v in values.items()}
        cells = [f"{med[k]:{fmt}} ({min(values[k]):{fmt}}-{max(values[k]):{fmt}})" for k in med]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {med['after'] / med['before']:.2f} |")

    for name in DEV_FILES:
        if name not in runs["before"][0]:
            continue
        stem = name.removesuffix(".jsonl")
        row(f"{stem} articles/s, CPU", lambda r, n=name: r[n]["articles"] / r[n]["cpu_s"], ",.0f")
        row(f"{stem} articles/s, wall", lambda r, n=name: r[n]["articles"] / r[n]["wall_s"], ",.0f")
        row(
            f"{stem} ms/article, CPU",
            lambda r, n=name: r[n]["cpu_s"] / r[n]["articles"] * 1e3,
            ".2f",
        )
        row(f"{stem} p99 ms/article, wall", lambda r, n=name: r[n]["p99_ms"], ".2f")
    row("start: engine built, wall s", lambda r: r["start_wall_s"], ".3f")
    row("start: engine built, CPU s", lambda r: r["start_cpu_s"], ".3f")
    row("start to first extraction done, wall s", lambda r: r["first_extract_wall_s"], ".3f")
    row("peak RSS, MB", lambda r: r["rss_peak_mb"], ".1f")
    if counts:
        lines += [
            "",
            f"callgrind instructions (Ir), first {options.callgrind} articles of each file",
            "",
            "| what | before | after | after / before |",
            "| --- | ---: | ---: | ---: |",
        ]
        for key in counts["before"]:
            b, a = counts["before"][key], counts["after"][key]
            lines.append(f"| extract {key} | {b:,} | {a:,} | {a / b:.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
