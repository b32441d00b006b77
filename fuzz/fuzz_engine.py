"""Fuzz target for the kutip engine: any input must give a well-formed, deterministic answer.

Coverage-guided with atheris (libFuzzer) where it is installed; otherwise, or with
``--hypothesis``, a time-bounded hypothesis run over the same decoder. Every input is checked
with tests/hardening/invariants.py (offsets index the text, quotes in order and never crossing,
ids consistent, JSON-safe) and extracted twice (same answer). A slow input is a finding too:
libFuzzer's ``-timeout`` (seconds per input) reports it as a crash. With ``--budget`` the engine
runs under that per-document budget as the service does, and its DocumentTooComplexError (the
designed, bounded answer) is accepted but counted and the input kept as ``slow-*``; a timeout
then means work that the budget does not bound.

    python fuzz/fuzz_engine.py -max_total_time=600 -max_len=16384 -timeout=3   # hunting
    python fuzz/fuzz_engine.py --budget 1 -max_total_time=60 -seed=1           # what CI runs
    python fuzz/fuzz_engine.py --hypothesis --seconds 60                       # without atheris
    python fuzz/fuzz_engine.py crash-1234abcd                                  # replay an input

The input's first byte picks how the rest becomes text: UTF-8 (with replacement characters),
UTF-16 code units (lone surrogates included), or two bytes per token from a table of the rules'
own vocabulary (marks, cue forms, titles, names, punctuation, zero-width and RTL characters).
The seed corpus is the seed article and every rule example, written to a temporary directory
(libFuzzer adds the inputs it finds to its first corpus directory; the repository stays clean).
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import importlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "service")]

atheris: Any = None  # atheris ships no type hints
if "--hypothesis" not in sys.argv:
    try:
        atheris = importlib.import_module("atheris")
    except ImportError:  # not built for this Python or platform: the hypothesis runner stands in
        atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["kutip"]):
        from kutip.engine import DocumentTooComplexError, Engine
else:
    from kutip.engine import DocumentTooComplexError, Engine

from tests.hardening.invariants import canonical, check_result  # noqa: E402
from tests.hardening.strategies import (  # noqa: E402
    FOREIGN,
    INVISIBLE,
    NAMES,
    PUNCTUATION,
    SPACES,
    WORDS,
    vocabulary,
)

UTF8, UTF16, TOKENS = 0, 1, 2
MODES = 3


def token_table() -> tuple[str, ...]:
    vocab = vocabulary()
    words = (*vocab["cues"], *vocab["titles"], *vocab["pronouns"], *NAMES, *WORDS)
    # A word token carries its space, so that token runs read as words, not one long word.
    return (
        *vocab["marks"],
        *(w + " " for w in words),
        *PUNCTUATION,
        *SPACES,
        *INVISIBLE,
        *FOREIGN,
    )


TABLE = token_table()


def decode(data: bytes) -> str:
    """The text an input stands for (every byte string stands for some text)."""
    if not data:
        return ""
    mode, body = data[0] % MODES, data[1:]
    if mode == UTF8:
        return body.decode("utf-8", "replace")
    if mode == UTF16:
        return body[: len(body) // 2 * 2].decode("utf-16-le", "surrogatepass")
    pairs = (int.from_bytes(body[i : i + 2], "big") for i in range(0, len(body) - 1, 2))
    return "".join(TABLE[n % len(TABLE)] for n in pairs)


def encode_utf8(text: str) -> bytes:
    """The input that decodes to ``text`` (for seeds)."""
    return bytes([UTF8]) + text.encode("utf-8")


class Slow:
    """Inputs that ran past the engine's budget (with ``--budget``): written out, counted."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.count = 0

    def record(self, data: bytes) -> None:
        self.count += 1
        if self.directory is not None:
            name = hashlib.sha1(data).hexdigest()
            (self.directory / f"slow-{name}").write_bytes(data)

    def report(self) -> None:
        if self.count:
            where = f" (written to {self.directory})" if self.directory else ""
            print(f"fuzz: {self.count} inputs exceeded the engine's budget{where}", flush=True)


def make_checker(engine: Engine, slow: Slow) -> Callable[[bytes], None]:
    rule_ids = frozenset(engine.rule_ids)

    def check(data: bytes) -> None:
        text = decode(data)
        try:
            result = engine.extract(text)
            again = engine.extract(text)
        except DocumentTooComplexError:
            # Only with --budget: the bounded-work answer the service turns into a 422.
            slow.record(data)
            return
        check_result(text, result, rule_ids)
        assert canonical(again) == canonical(result), "two runs on one text differ"

    return check


def seeds(engine: Engine) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for rule in engine.rulebook.rules:
        texts.extend(e.text for e in (*rule.match, *rule.xfail))
        texts.extend(e.text for e in rule.no_match)
    return texts


def write_corpus(directory: Path, engine: Engine) -> None:
    for n, text in enumerate(seeds(engine)):
        (directory / f"seed-{n:04d}").write_bytes(encode_utf8(text))


def run_atheris(engine: Engine, slow: Slow, argv: list[str]) -> int:
    assert atheris is not None
    check = make_checker(engine, slow)
    flags = [a for a in argv if a.startswith("-")]
    inputs = [a for a in argv if not a.startswith("-")]
    if inputs and all(Path(a).is_file() for a in inputs):
        for name in inputs:  # replay: raise on the first input that breaks an invariant
            check(Path(name).read_bytes())
            print(f"{name}: ok")
        return 0
    with tempfile.TemporaryDirectory(prefix="kutip-fuzz-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(corpus, engine)
        artifacts = slow.directory or Path(tmp)
        defaults = ["-timeout=10", "-rss_limit_mb=2048", f"-artifact_prefix={artifacts}/"]
        given = {f.split("=", 1)[0] for f in flags}
        args = [
            sys.argv[0],
            *flags,
            *(d for d in defaults if d.split("=", 1)[0] not in given),
            str(corpus),
            *inputs,
        ]
        atexit.register(slow.report)  # atheris.Fuzz() leaves through exit(), never returns
        atheris.Setup(args, check)
        atheris.Fuzz()
    return 0


def run_hypothesis(engine: Engine, slow: Slow, seconds: float) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    check = make_checker(engine, slow)
    inputs = st.binary(max_size=4096) | st.sampled_from([encode_utf8(t) for t in seeds(engine)])
    deadline = time.monotonic() + seconds
    runs = 0
    # hypothesis has no wall-clock stop: run batches of fresh random inputs until time is up.
    while time.monotonic() < deadline:

        @settings(
            max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(inputs)
        def batch(data: bytes) -> None:
            nonlocal runs
            if time.monotonic() < deadline:
                runs += 1
                check(data)

        batch()
    slow.report()
    print(f"hypothesis fuzz: {runs} inputs in {seconds:.0f} s, no finding")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Fuzz the kutip engine (unknown options go to libFuzzer)."
    )
    parser.add_argument("--hypothesis", action="store_true", help="use hypothesis, not atheris")
    parser.add_argument("--seconds", type=float, default=60.0, help="hypothesis run time")
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        help="run the engine under this per-document budget and accept its too-complex error "
        "(the input is written to --artifacts as slow-*); without it there is no budget and a "
        "slow input is a finding (libFuzzer -timeout)",
    )
    parser.add_argument(
        "--artifacts", type=Path, default=None, help="where crashes and slow inputs go"
    )
    options, rest = parser.parse_known_args()
    if options.artifacts is not None:
        options.artifacts.mkdir(parents=True, exist_ok=True)
    slow = Slow(options.artifacts)
    engine = Engine.from_directory(ROOT / "rules", budget_seconds=options.budget)
    if options.hypothesis or atheris is None:
        if atheris is None and not options.hypothesis:
            print("atheris is not installed: fuzzing with hypothesis instead", file=sys.stderr)
        return run_hypothesis(engine, slow, options.seconds)
    return run_atheris(engine, slow, rest)


if __name__ == "__main__":
    sys.exit(main())
