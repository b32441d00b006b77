"""rules/ ships inside the wheel and is found from a wheel, an editable install and a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, python_stdout

FIND = (
    "from kutip.engine import default_rules_dir, Engine;"
    " print(default_rules_dir()); Engine.from_directory()"
)


def _where(env_path: str, cwd: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k not in ("KUTIP_RULES_DIR", "PYTHONPATH")}
    env["PYTHONPATH"] = env_path
    return Path(python_stdout(FIND, cwd=cwd, env=env))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("kutip-*.whl"))


def test_wheel_carries_the_rules(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "kutip/rules/lexicon/cues.yaml" in names
    assert any(n.startswith("kutip/rules/sieves/") for n in names)
    assert "kutip/py.typed" in names


def test_rules_found_from_an_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    found = _where(str(site), tmp_path)
    assert found == site / "kutip" / "rules"


def test_rules_found_from_a_checkout(tmp_path: Path) -> None:
    assert _where(str(ROOT / "service"), tmp_path) == ROOT / "rules"


def test_rules_found_from_the_editable_install(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("KUTIP_RULES_DIR", "PYTHONPATH")}
    out = subprocess.run(
        [sys.executable, "-c", FIND], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        pytest.skip("kutip is not installed in this interpreter (run ./scripts/setup)")
    assert Path(out.stdout.strip()) == ROOT / "rules"


def test_environment_variable_wins(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KUTIP_RULES_DIR": str(ROOT / "rules"),
        "PYTHONPATH": str(ROOT / "service"),
    }
    assert Path(python_stdout(FIND, cwd=tmp_path, env=env)) == ROOT / "rules"
