"""The build version changes whenever an answer can change: the rules, the code, the package."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kutip import build
from kutip.build import build_version, code_digest

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.compile(r"\d+\.\d+\.\d+\+[0-9a-f]{16}")


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The digest taken over a copy of the package, which the test may edit."""
    copy = tmp_path / "kutip"
    shutil.copytree(build.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "rules"))
    monkeypatch.setattr(build, "PACKAGE", copy)
    code_digest.cache_clear()
    build_version.cache_clear()
    yield copy
    code_digest.cache_clear()
    build_version.cache_clear()


def test_the_shape_and_the_rules_part() -> None:
    assert VERSION.fullmatch(build_version("abc"))
    assert build_version("abc") == build_version("abc")
    assert build_version("abc") != build_version("abd")


@pytest.mark.parametrize(
    "edited", ["engine/people/names.py", "formats/html.py", "api/extraction.py", "engine/core.py"]
)
def test_an_edit_to_code_that_shapes_answers_changes_it(package_copy: Path, edited: str) -> None:
    before = build_version("r")
    path = package_copy / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code_digest.cache_clear()
    build_version.cache_clear()
    assert build_version("r") != before


def test_an_edit_elsewhere_does_not(package_copy: Path) -> None:
    before = build_version("r")
    cli = package_copy / "cli.py"
    cli.write_text(cli.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code_digest.cache_clear()
    build_version.cache_clear()
    assert build_version("r") == before
