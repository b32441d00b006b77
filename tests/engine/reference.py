"""The output reference for the identical-output guard (tests/engine/test_identical_output.py).

A speed change must not change what the engine says. The guard runs `kutip batch` over every dev
file with the working tree's code and with a reference, and compares the two outputs whole:

- ``$KUTIP_OUTPUT_REFERENCE``: a directory of saved outputs (``<dev file name>`` each, as
  written by ``python -m tests.engine.reference save DIR``), when set;
- HEAD itself, when service/ or rules/ have uncommitted changes (the change under work);
- otherwise HEAD's first parent (the change HEAD made).

A commit that changes the output on purpose says so with a trailer ``Output-Changed: <reason>``
in its message; the comparison of that commit (or of a merge that brings it in) is skipped.

A reference commit is materialised with ``git archive`` (service/ and rules/ only) into a
temporary directory and run with PYTHONPATH at its service/, in the same interpreter: no
install, no worktree to clean up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEV_FILES = ("pfsa-dev.jsonl", "hand-dev.jsonl", "long-dev.jsonl")
REFERENCE_ENV = "KUTIP_OUTPUT_REFERENCE"
TRAILER = "Output-Changed"
# Fields that measure time, not what the engine found: never compared.
TIMING_FIELDS = frozenset({"elapsed_ms"})
_ENGINE_TREES = ("service", "rules")


@dataclass(frozen=True)
class Reference:
    """What the working tree is compared with: saved outputs, or a commit's code; or nothing,
    with the reason (``skip``)."""

    kind: str  # "saved", "commit" or "none"
    describe: str
    saved: Path | None = None
    commit: str | None = None
    skip: str | None = None


def git(*args: str, root: Path = ROOT) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def _has_git(root: Path) -> bool:
    try:
        return git("rev-parse", "--is-inside-work-tree", root=root).strip() == "true"
    except (OSError, subprocess.CalledProcessError):
        return False


def engine_dirty(root: Path = ROOT) -> bool:
    """Whether service/ or rules/ differ from HEAD (changed, staged or new files)."""
    return bool(git("status", "--porcelain", "--", *_ENGINE_TREES, root=root).strip())


def output_changed_reasons(first: str, last: str, root: Path = ROOT) -> list[str]:
    """The ``Output-Changed`` trailers of the commits in first..last (a merge brings in every
    commit of its branch, so each of them may carry one)."""
    log = git(
        "log",
        f"--format=%(trailers:key={TRAILER},valueonly,separator=%x1f)%x1e",
        f"{first}..{last}",
        root=root,
    )
    reasons: list[str] = []
    for record in log.split("\x1e"):
        reasons.extend(r.strip() for r in record.split("\x1f") if r.strip())
    return reasons


def choose_reference(root: Path = ROOT, environ: dict[str, str] | None = None) -> Reference:
    """The reference the guard compares with (see the module docstring)."""
    env = os.environ if environ is None else environ
    saved = env.get(REFERENCE_ENV)
    if saved:
        return Reference("saved", f"saved outputs in {saved}", saved=Path(saved))
    if not _has_git(root):
        return Reference(
            "none", "", skip=f"{root} is not a git checkout and ${REFERENCE_ENV} unset"
        )
    head = git("rev-parse", "HEAD", root=root).strip()
    if engine_dirty(root):
        return Reference("commit", f"HEAD {head[:10]} (service/ or rules/ changed)", commit=head)
    try:
        parent = git("rev-parse", "--verify", "--quiet", "HEAD^1", root=root).strip()
    except subprocess.CalledProcessError:
        return Reference("none", "", skip="HEAD has no parent here (root commit or shallow clone)")
    reasons = output_changed_reasons(parent, head, root)
    if reasons:
        return Reference("none", "", skip=f"{TRAILER}: {'; '.join(reasons)}")
    return Reference("commit", f"HEAD^1 {parent[:10]}", commit=parent)


@contextmanager
def materialised(commit: str, root: Path = ROOT) -> Iterator[Path]:
    """A temporary directory holding service/ and rules/ as they are at ``commit``."""
    with tempfile.TemporaryDirectory(prefix="kutip-ref-") as tmp:
        archive = Path(tmp) / "tree.tar"
        with archive.open("wb") as out:
            subprocess.run(
                ["git", "archive", "--format=tar", commit, *_ENGINE_TREES],
                cwd=root,
                stdout=out,
                check=True,
                timeout=120,
            )
        tree = Path(tmp) / "tree"
        with tarfile.open(archive) as tar:
            if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
                tar.extractall(tree, filter="data")
            else:  # our own archive of our own commit
                tar.extractall(tree)
        yield tree


# Runs `kutip batch` over several files in one interpreter (one start, not one per file) and
# says which kutip it imported, so a wrong PYTHONPATH cannot pass unnoticed.
_DRIVER = """
import sys
import kutip
from kutip.cli import main
print(kutip.__file__, file=sys.stderr)
rules, out_dir, *inputs = sys.argv[1:]
for path in inputs:
    name = path.rsplit('/', 1)[-1]
    code = main(['batch', path, '-o', out_dir + '/' + name, '--rules', rules])
    if code:
        sys.exit(code)
"""


def tree_env(tree: Path) -> dict[str, str]:
    """This environment for a process running ``tree``'s kutip: its service/ on PYTHONPATH and
    no KUTIP_RULES_DIR (the caller names the tree's rules/)."""
    env = {**os.environ, "PYTHONPATH": str(tree / "service")}
    env.pop("KUTIP_RULES_DIR", None)
    return env


def run_batch(tree: Path, inputs: list[Path], out_dir: Path) -> dict[str, Path]:
    """`kutip batch` with the code of ``tree`` (its service/ and rules/) over ``inputs``; the
    output file of each input, by the input's name."""
    env = tree_env(tree)
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(tree / "rules"), str(out_dir), *map(str, inputs)],
        cwd=out_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode:
        raise RuntimeError(f"kutip batch at {tree} failed:\n{done.stderr[-4000:]}")
    imported = Path(done.stderr.splitlines()[0]).resolve()
    expected = (tree / "service" / "kutip" / "__init__.py").resolve()
    if imported != expected:
        raise RuntimeError(f"imported {imported}, not the tree's {expected}")
    return {p.name: out_dir / p.name for p in inputs}


def strip_timing(value: Any) -> Any:
    """``value`` without its timing fields, at any depth."""
    if isinstance(value, dict):
        return {k: strip_timing(v) for k, v in value.items() if k not in TIMING_FIELDS}
    if isinstance(value, list):
        return [strip_timing(v) for v in value]
    return value


def read_output(path: Path) -> list[Any]:
    """A batch output, one record per line, timing fields stripped."""
    with path.open(encoding="utf-8") as lines:
        return [strip_timing(json.loads(line)) for line in lines if line.strip()]


def differences(expected: list[Any], actual: list[Any], limit: int = 5) -> list[str]:
    """What differs between two outputs, document by document (at most ``limit`` lines)."""
    out = []
    if len(expected) != len(actual):
        out.append(f"{len(expected)} records in the reference, {len(actual)} now")
    for n, (before, after) in enumerate(zip(expected, actual, strict=False), 1):
        if before == after:
            continue
        doc = after.get("id") if isinstance(after, dict) else None
        keys = (
            sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            if isinstance(before, dict) and isinstance(after, dict)
            else []
        )
        out.append(f"line {n} ({doc}): {', '.join(keys) or 'record'} differ")
        if len(out) >= limit:
            out.append("...")
            break
    return out


def save(directory: Path, dev_dir: Path) -> None:
    """Write the working tree's outputs of every dev file into ``directory`` (a saved
    reference for ``$KUTIP_OUTPUT_REFERENCE``)."""
    directory.mkdir(parents=True, exist_ok=True)
    run_batch(ROOT, [dev_dir / name for name in DEV_FILES], directory.resolve())


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "save":
        sys.exit("usage: python -m tests.engine.reference save DIRECTORY")
    save(Path(sys.argv[2]), ROOT.parent / "shared" / "eval")
