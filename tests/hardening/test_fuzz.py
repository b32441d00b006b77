"""Run the engine's fuzz target (fuzz/fuzz_engine.py) for a bounded time, as CI does.

atheris (libFuzzer) where it is installed, with a fixed seed; the hypothesis runner otherwise.
KUTIP_FUZZ_SECONDS sets the time (60 s by default; 0 skips the run). The engine runs under a
1 s budget, as in the service: inputs that exceed it (the too-complex answer the service gives
as a 422) are accepted and reported as a warning, with the inputs kept for replay; anything
else (an exception, a broken invariant, work the budget does not bound) fails the test.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from tests.conftest import ROOT

TARGET = ROOT / "fuzz" / "fuzz_engine.py"
SECONDS = int(os.environ.get("KUTIP_FUZZ_SECONDS", "60"))


@pytest.mark.skipif(SECONDS <= 0, reason="KUTIP_FUZZ_SECONDS=0 turns the fuzz run off")
def test_fuzz_the_engine_for_a_bounded_time(tmp_path: Path) -> None:
    artifacts = tmp_path / "artifacts"
    command = [sys.executable, str(TARGET), "--budget", "1", "--artifacts", str(artifacts)]
    if importlib.util.find_spec("atheris") is not None:
        command += [f"-max_total_time={SECONDS}", "-seed=1", "-timeout=10", "-print_final_stats=1"]
    else:
        command += ["--hypothesis", "--seconds", str(SECONDS)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=SECONDS + 300,
        check=False,
    )
    output = done.stdout + done.stderr
    tail = "\n".join(output.splitlines()[-60:])
    assert done.returncode == 0, f"the fuzzer found a problem (inputs in {artifacts}):\n{tail}"
    runs = re.search(r"Done (\d+) runs|hypothesis fuzz: (\d+) inputs", output)
    assert runs is not None and int(runs.group(1) or runs.group(2)) > 100, tail
    slow = re.search(r"fuzz: (\d+) inputs exceeded the engine's budget", output)
    if slow:
        warnings.warn(
            f"{slow.group(1)} fuzz inputs exceeded the 1 s engine budget; kept in {artifacts}",
            stacklevel=1,
        )
