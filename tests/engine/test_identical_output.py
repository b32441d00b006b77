"""The identical-output guard: `kutip batch` over every dev file says exactly what the reference
says (tests/engine/reference.py: saved outputs, HEAD, or HEAD's first parent). Speed work must
keep it green; a commit that changes output on purpose carries an `Output-Changed:` trailer."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.engine import reference
from tests.engine.reference import DEV_FILES, ROOT

DEV_DIR = SHARED / "eval"


def _dev_inputs() -> list[Path]:
    missing = [name for name in DEV_FILES if not (DEV_DIR / name).is_file()]
    if missing:
        pytest.skip(f"dev files absent ({', '.join(missing)} not in {DEV_DIR})")
    return [DEV_DIR / name for name in DEV_FILES]


def test_batch_output_identical_to_reference(tmp_path: Path) -> None:
    inputs = _dev_inputs()
    ref = reference.choose_reference()
    if ref.skip:
        pytest.skip(ref.skip)
    now_dir = tmp_path / "now"
    now_dir.mkdir()
    now = reference.run_batch(ROOT, inputs, now_dir)
    if ref.saved is not None:
        before = {name: ref.saved / name for name in DEV_FILES}
    else:
        assert ref.commit is not None
        ref_dir = tmp_path / "reference"
        ref_dir.mkdir()
        with reference.materialised(ref.commit) as tree:
            before = reference.run_batch(tree, inputs, ref_dir)
    for name in DEV_FILES:
        expected, actual = reference.read_output(before[name]), reference.read_output(now[name])
        assert expected, f"empty reference output for {name}"
        diff = reference.differences(expected, actual)
        assert not diff, f"{name} differs from {ref.describe}:\n" + "\n".join(diff)


# -- the helpers themselves, on a throw-away repository ---------------------------------------


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "service").mkdir(parents=True)
    (repo / "rules").mkdir()
    (repo / "service" / "a.py").write_text("x = 1\n")
    (repo / "rules" / "r.yaml").write_text("{}\n")
    run = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*run, "add", "."], check=True)
    subprocess.run([*run, "commit", "-qm", "one"], check=True)
    return repo


def _commit(repo: Path, message: str) -> None:
    run = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*run, "commit", "-qam", message], check=True)


def test_reference_choice(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    head = reference.git("rev-parse", "HEAD", root=repo).strip()
    # The root commit has no parent to compare with.
    assert reference.choose_reference(repo, {}).skip
    (repo / "service" / "a.py").write_text("x = 2\n")
    dirty = reference.choose_reference(repo, {})
    assert (dirty.kind, dirty.commit) == ("commit", head)
    _commit(repo, "two")
    clean = reference.choose_reference(repo, {})
    assert (clean.kind, clean.commit) == ("commit", head)
    (repo / "service" / "a.py").write_text("x = 3\n")
    _commit(repo, "three\n\nOutput-Changed: quotes now end at the cue")
    changed = reference.choose_reference(repo, {})
    assert changed.skip == "Output-Changed: quotes now end at the cue"
    saved = reference.choose_reference(repo, {reference.REFERENCE_ENV: str(tmp_path)})
    assert (saved.kind, saved.saved) == ("saved", tmp_path)


def test_materialised_holds_the_commit(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    first = reference.git("rev-parse", "HEAD", root=repo).strip()
    (repo / "service" / "a.py").write_text("x = 2\n")
    _commit(repo, "two")
    with reference.materialised(first, repo) as tree:
        assert (tree / "service" / "a.py").read_text() == "x = 1\n"


def test_timing_is_stripped_and_differences_named(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "a", "quotes": [], "elapsed_ms": 1.5}) + "\n")
    assert reference.read_output(out) == [{"id": "a", "quotes": []}]
    before = [{"id": "a", "quotes": [1]}, {"id": "b", "quotes": []}]
    after = [{"id": "a", "quotes": [2]}, {"id": "b", "quotes": []}]
    assert reference.differences(before, after) == ["line 1 (a): quotes differ"]
    assert reference.differences(before, before) == []
