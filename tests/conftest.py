"""Shared fixtures: one engine for the whole run (building it compiles every rule)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kutip.engine import Engine

ROOT = Path(__file__).resolve().parent.parent


def python_stdout(code: str, **run: Any) -> str:
    """Run ``code`` in a fresh interpreter (this one's), fail on a non-zero exit, give its stdout
    stripped; ``run`` goes to subprocess.run (env, cwd, timeout, preexec_fn)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, **run
    )
    out: str = done.stdout
    return out.strip()


SHARED = ROOT.parent / "shared"
SEED_TEXT = ROOT / "seeds" / "000_755a8e7ff748d252.txt"
SEED_GOLDEN = ROOT / "seeds" / "000_755a8e7ff748d252.expected.json"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_directory(ROOT / "rules")
