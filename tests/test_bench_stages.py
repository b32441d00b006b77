"""bench/stages.py still reaches every stage it times (it wraps engine internals by name)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_stages_prints_a_time_for_every_stage() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "stages.py"), "--top", "3"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=300,
    )
    rows = dict(
        (name, float(ms)) for ms, name in re.findall(r"^\| ([\d.]+) \| (.+) \|$", done.stdout, re.M)
    )
    for stage in ("People", "find_indirect", "sieves", "TextIndex", "assemble", "marks"):
        assert rows[stage] > 0, stage
    assert rows["scan.runs"] > 0
    assert rows["person (scan)"] > 0
    assert rows["all rule and scan calls"] >= rows["person (scan)"]
