"""kutip benchmarks: prints Markdown tables (BENCHMARKS.md has the figures and how to read them).

    python bench/bench.py                  # everything (about 2 minutes)
    python bench/bench.py --skip-http      # the engine only
    python bench/bench.py --profile 25     # also the 25 hottest functions (cProfile)
    python bench/bench.py --skip-http --dev ../shared/eval/long-dev.jsonl   # another dev file

1. Engine throughput on one core over ../shared/eval/pfsa-dev.jsonl (333 articles; the seed
   article and the rule examples when it is absent): a fresh process pinned to one CPU loads
   the rules, extracts every article once to warm up, then PASSES more times; the best pass
   counts. Rates use CPU time (time.process_time: other load on the machine counts less) and
   wall time; each article is also timed alone in every pass, and its p50 / p99 are over all
   passes. Peak RSS is the process's ru_maxrss (the interpreter, the engine, the articles).
   ``--dev FILE`` reads another JSON-lines file of id + text (long-dev).
2. Cold start: a fresh process imports kutip and builds the engine (rules read, validated,
   expanded and compiled); the median of STARTS processes, and the whole process's wall time.
3. Scaling: the median-length article repeated 1x, 4x, 16x and 64x (paragraphs apart), the
   best of 3 runs each, in CPU time.
4. HTTP: ``kutip serve`` with workers = cores on 127.0.0.1 (bench/load.py's client, on the
   same machine); single articles to /v1/extract and batches of 50 to /v1/extract/batch;
   requests/s, documents/s and latency percentiles; the workers' resident and proportional
   memory (RSS, PSS from /proc).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import format_report, load_articles, request_bodies, run_load  # noqa: E402
from bench.passes import percentile, timed_passes  # noqa: E402
from bench.serve import running  # noqa: E402

PASSES = 3
STARTS = 5
SCALES = (1, 4, 16, 64)
# Figures from the issue, for the comparison.
BASELINE = 12.3  # articles/s: the PFSA-ID model (spaCy 2) on one core
TARGET_ARTICLES_PER_S = 1_200
TARGET_WORKER_MB = 60
TARGET_START_S = 0.5


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    import regex

    return {
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "python": platform.python_version(),
        "regex": regex.__version__,
        "kernel": platform.release(),
        "commit": commit,
    }


# --- in a child process -------------------------------------------------------------------


def child_engine(passes: int, dev: str | None = None) -> dict[str, Any]:
    """Run in a fresh process pinned to one CPU: load, warm up, time ``passes`` passes."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from kutip.engine import Engine

    articles = [a["text"] for a in load_articles(Path(dev) if dev else None)]
    engine = Engine.from_directory(None)
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    quotes = sum(len(engine.extract(text).quotes) for text in articles)  # warm-up pass
    # per_article: wall ms of each article, every pass
    best_cpu, best_wall, per_article = timed_passes(engine.extract, articles, passes)
    return {
        "dev": dev or "pfsa-dev (default)",
        "p50_ms_per_article": percentile(per_article, 0.50),
        "p99_ms_per_article": percentile(per_article, 0.99),
        "max_ms_per_article": max(per_article),
        "articles": len(articles),
        "quotes": quotes,
        "chars": sum(len(t) for t in articles),
        "bytes": sum(len(t.encode("utf-8")) for t in articles),
        "words": sum(len(t.split()) for t in articles),
        "cpu_s": best_cpu,
        "wall_s": best_wall,
        "rss_loaded_mb": rss_loaded,
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_start() -> dict[str, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    from kutip.engine import Engine

    engine = Engine.from_directory(None)
    return {
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "rules": len(engine.rule_ids),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_profile_start(top: int) -> dict[str, Any]:
    """The cold start under cProfile: where the second goes."""
    profiler = cProfile.Profile()
    profiler.enable()
    from kutip.engine import Engine

    Engine.from_directory(None)
    profiler.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return {"profile": buffer.getvalue()}


def _child(kind: str, *args: str) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    result["process_wall_s"] = time.perf_counter() - started
    return result


# --- measurements -------------------------------------------------------------------------


def engine_throughput(passes: int, dev: str | None = None) -> dict[str, Any]:
    r = _child("engine", str(passes), *([dev] if dev else []))
    for clock in ("cpu", "wall"):
        seconds = r[f"{clock}_s"]
        r[f"articles_per_s_{clock}"] = r["articles"] / seconds
        r[f"mb_per_s_{clock}"] = r["bytes"] / seconds / 1e6
        r[f"words_per_s_{clock}"] = r["words"] / seconds
        r[f"ms_per_article_{clock}"] = seconds / r["articles"] * 1000
    return r


def cold_start(starts: int) -> dict[str, Any]:
    runs = [_child("start") for _ in range(starts)]
    return {
        "starts": starts,
        "rules": runs[0]["rules"],
        "wall_s": statistics.median(r["wall_s"] for r in runs),
        "cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "process_wall_s": statistics.median(r["process_wall_s"] for r in runs),
        "rss_mb": statistics.median(r["rss_mb"] for r in runs),
    }


def scaling(dev: str | None = None) -> list[dict[str, Any]]:
    from kutip.engine import Engine

    engine = Engine.from_directory(None, budget_seconds=None)
    texts = sorted((a["text"] for a in load_articles(Path(dev) if dev else None)), key=len)
    article = texts[len(texts) // 2]
    rows = []
    for times in SCALES:
        text = "\n\n".join([article] * times)
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            quotes = len(engine.extract(text).quotes)
            best = min(best, time.process_time() - started)
        rows.append({"times": times, "chars": len(text), "cpu_s": best, "quotes": quotes})
    for row in rows:
        row["ms_per_copy"] = row["cpu_s"] / row["times"] * 1000
        row["vs_1x"] = row["cpu_s"] / rows[0]["cpu_s"]
    return rows


def _memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MB; PSS counts pages shared with the master and the other workers once."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


def http(duration: float, workers: int) -> dict[str, Any]:
    articles = load_articles()
    out: dict[str, Any] = {"workers": workers, "runs": []}
    with running(workers=workers) as server:
        # Warm the workers (first requests import lazily) before measuring.
        run_load(server, request_bodies(articles, 0), duration=2, concurrency=workers,
                 workers=workers)  # fmt: skip
        for per_request, concurrency in ((0, 16), (0, workers), (50, workers)):
            report = run_load(
                server,
                request_bodies(articles, per_request),
                duration=duration,
                concurrency=concurrency,
                workers=workers,
                documents_per_request=max(1, per_request),
            )
            print(format_report(report), file=sys.stderr, flush=True)
            summary = report.summary()
            ok = max(1, summary["ok"])
            summary["server_cpu_ms_per_request"] = (
                None if report.server_cpu is None else report.server_cpu / ok * 1000
            )
            out["runs"].append(summary)
        mem = [_memory(pid) for pid in sorted(server.workers())]
        out["worker_rss_mb"] = [round(m[0], 1) for m in mem]
        out["worker_pss_mb"] = [round(m[1], 1) for m in mem]
        out["master_rss_mb"], out["master_pss_mb"] = _memory(server.pid)
    return out


def profile(top: int) -> str:
    from kutip.engine import Engine

    engine = Engine.from_directory(None, budget_seconds=None)
    articles = [a["text"] for a in load_articles()]
    for text in articles:
        engine.extract(text)  # warm caches before profiling
    profiler = cProfile.Profile()
    profiler.enable()
    for text in articles:
        engine.extract(text)
    profiler.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    buffer.write("\n")
    stats.sort_stats("cumulative").print_stats(top)
    return buffer.getvalue()


# --- output -------------------------------------------------------------------------------


def tables(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Machine: {m['cpus']} CPUs ({m['cpus_usable']} usable), {m['cpu_model']}, "
        f"Python {m['python']}, regex {m['regex']}, Linux {m['kernel']}, kutip {m['commit']}",
        "",
    ]
    e = results.get("engine")
    if e:
        lines += [
            f"Engine, one core, {e['dev']}: {e['articles']} articles ({e['bytes'] / 1e6:.2f} MB, "
            f"{e['words']:,} words, {e['quotes']:,} quotes), best of {results['passes']} passes",
            "",
            "| measure | CPU time | wall time | target |",
            "| --- | ---: | ---: | --- |",
            f"| articles/s | {e['articles_per_s_cpu']:,.0f} | {e['articles_per_s_wall']:,.0f} "
            f"| ≥ {TARGET_ARTICLES_PER_S:,} (baseline {BASELINE}) |",
            f"| ms/article | {e['ms_per_article_cpu']:.2f} | {e['ms_per_article_wall']:.2f} | |",
            f"| p50 / p99 / max ms per article (each article timed alone) | "
            f"| {e['p50_ms_per_article']:.2f} / {e['p99_ms_per_article']:.2f} / "
            f"{e['max_ms_per_article']:.2f} | |",
            f"| MB/s | {e['mb_per_s_cpu']:.2f} | {e['mb_per_s_wall']:.2f} | |",
            f"| words/s | {e['words_per_s_cpu']:,.0f} | {e['words_per_s_wall']:,.0f} | |",
            f"| speed-up over the baseline | {e['articles_per_s_cpu'] / BASELINE:.1f}x"
            f" | {e['articles_per_s_wall'] / BASELINE:.1f}x | ≥ 100x |",
            f"| peak RSS (engine + articles) | {e['rss_peak_mb']:.1f} MB | "
            f"| < {TARGET_WORKER_MB} MB per worker |",
            f"| RSS after loading the rules | {e['rss_loaded_mb']:.1f} MB | | |",
            "",
        ]
    s = results.get("start")
    if s:
        lines += [
            f"Cold start (median of {s['starts']} fresh processes, {s['rules']} rules)",
            "",
            "| measure | value | target |",
            "| --- | ---: | --- |",
            f"| import kutip + load and compile the rules, wall | {s['wall_s']:.3f} s "
            f"| < {TARGET_START_S} s |",
            f"| the same, CPU | {s['cpu_s']:.3f} s | |",
            f"| whole process (interpreter start to exit), wall | {s['process_wall_s']:.3f} s | |",
            f"| RSS with the engine loaded | {s['rss_mb']:.1f} MB | |",
            "",
        ]
    rows = results.get("scaling")
    if rows:
        lines += [
            f"Scaling: the median article ({rows[0]['chars']:,} characters) repeated, CPU time",
            "",
            "| copies | characters | quotes | CPU ms | ms per copy | vs 1x |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {r['times']} | {r['chars']:,} | {r['quotes']} | {r['cpu_s'] * 1000:.1f} "
            f"| {r['ms_per_copy']:.2f} | {r['vs_1x']:.1f} |"
            for r in rows
        ]
        lines.append("")
    h = results.get("http")
    if h:
        lines += [
            f"HTTP: kutip serve, {h['workers']} workers (= cores), client on the same machine, "
            f"{results['http_seconds']:.0f} s per row",
            "",
            "| request | clients | requests/s | documents/s | p50 ms | p95 ms | p99 ms "
            "| errors | server CPU ms/request |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in h["runs"]:
            kind = "1 article" if r["documents_per_request"] == 1 else (
                f"batch of {r['documents_per_request']}")  # fmt: skip
            cpu = r["server_cpu_ms_per_request"]
            lines.append(
                f"| {kind} | {r['concurrency']} | {r['requests_per_s']:,.1f} "
                f"| {r['documents_per_s']:,.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
                f"| {r['p99_ms']:.1f} | {sum(r['errors'].values())} "
                f"| {'-' if cpu is None else f'{cpu:.1f}'} |"
            )
        lines += [
            "",
            f"Worker memory after the runs: RSS {h['worker_rss_mb']} MB, PSS {h['worker_pss_mb']}"
            f" MB (target < {TARGET_WORKER_MB} MB); master RSS {h['master_rss_mb']:.1f} MB, "
            f"PSS {h['master_pss_mb']:.1f} MB",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kutip benchmarks (Markdown tables)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--passes", type=int, default=PASSES)
    parser.add_argument("--starts", type=int, default=STARTS)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--http-seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--profile", type=int, default=0, metavar="TOP")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    parser.add_argument("--dev", default=None, help="JSON lines of id + text (pfsa-dev)")
    options = parser.parse_args(argv)
    if options.child:
        kind, *rest = options.child
        if kind == "engine":
            result = child_engine(int(rest[0]), *rest[1:2])
        elif kind == "profile-start":
            result = child_profile_start(int(rest[0]))
        else:
            result = child_start()
        print(json.dumps(result))
        return 0
    if options.dev:
        options.dev = str(Path(options.dev).resolve())  # the children run in the checkout
    results: dict[str, Any] = {
        "machine": machine(),
        "passes": options.passes,
        "http_seconds": options.http_seconds,
    }
    print("engine throughput ...", file=sys.stderr, flush=True)
    results["engine"] = engine_throughput(options.passes, options.dev)
    print("cold start ...", file=sys.stderr, flush=True)
    results["start"] = cold_start(options.starts)
    print("scaling ...", file=sys.stderr, flush=True)
    results["scaling"] = scaling(options.dev)
    if not options.skip_http:
        print("http ...", file=sys.stderr, flush=True)
        results["http"] = http(options.http_seconds, options.workers)
    print(tables(results))
    if options.profile:
        results["profile"] = profile(options.profile)
        results["profile_start"] = _child("profile-start", str(options.profile))["profile"]
        print("## Extraction (pfsa-dev, warm)\n")
        print(results["profile"])
        print("## Cold start\n")
        print(results["profile_start"])
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
