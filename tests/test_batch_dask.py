"""`kutip batch --dask` on a real Dask scheduler with two worker processes over TCP on loopback
(the `dask scheduler` / `dask worker` commands from PyPI, as on a cluster): the parts, read in
order, are the local run's output document for document; each worker builds one engine."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kutip.batch_dask import run_dask_batch
from kutip.batch_output import EXIT_FAILED, SUMMARY_NAME
from kutip.cli import main
from tests.test_batch import read_answers, seed_documents, write_lines

pytest.importorskip("distributed")
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler on a free loopback port and two single-threaded worker processes."""
    from distributed import Client

    work = tmp_path_factory.mktemp("dask")
    info = work / "scheduler.json"
    common = ["--no-dashboard"]
    procs = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--scheduler-file", str(info), *common],
            stdout=subprocess.DEVNULL, stderr=(work / "scheduler.log").open("w"),
            start_new_session=True,
        )
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert info.exists(), (work / "scheduler.log").read_text()
        for n in range(2):
            procs.append(
                subprocess.Popen(
                    [str(BIN / "dask"), "worker", "--scheduler-file", str(info),
                     "--nthreads", "1", "--nworkers", "1", "--name", f"w{n}",
                     "--local-directory", str(work / f"w{n}"), *common],
                    stdout=subprocess.DEVNULL, stderr=(work / f"w{n}.log").open("w"),
                    start_new_session=True,
                )
            )  # fmt: skip
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for proc in reversed(procs):
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _documents() -> list[Any]:
    # Good documents, ones without ids, and bad lines: failures must stay per document.
    docs: list[Any] = seed_documents(40)
    docs[5] = "not json"
    docs[17] = {"id": "no-text"}
    docs[33] = [1, 2]
    return docs


def test_dask_parts_are_the_local_run_document_for_document(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_lines(tmp_path / "in.jsonl", _documents())
    local = tmp_path / "local.jsonl"
    assert main(["batch", str(source), "-o", str(local), "--workers", "2"]) == EXIT_FAILED
    out = tmp_path / "out"
    argv = ["batch", str(source), "-o", str(out), "--dask", scheduler, "--partition-size", "6"]
    assert main(argv) == EXIT_FAILED
    parts = sorted(out.glob("part-*.jsonl"))
    assert [p.name for p in parts] == [f"part-{n:05d}.jsonl" for n in range(7)]
    on_dask = [answer for part in parts for answer in read_answers(part)]
    expected = read_answers(local)
    assert len(expected) == 40
    assert on_dask == expected
    summary = json.loads((out / SUMMARY_NAME).read_text("utf-8"))
    quotes = sum(len(a.get("quotes", ())) for a in expected)
    assert (summary["documents"], summary["quotes"], summary["failures"]) == (40, quotes, 3)
    assert summary["partitions"] == 7 and summary["seconds"] > 0
    # Each worker process built the engine once and kept it for all its partitions.
    assert 1 <= summary["processes"] <= 2
    assert set(summary["engine_builds"].values()) == {1}
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"kutip batch: 40 documents, {quotes} quotes, 3 failed")


def test_local_cluster_with_a_progress_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_lines(tmp_path / "in.jsonl", seed_documents(8))
    out = tmp_path / "out"
    assert run_dask_batch([str(source)], str(out), "local:1", None, "text", 3, True) == 0
    assert len(list(out.glob("part-*.jsonl"))) == 3
    err = capsys.readouterr().err
    assert "kutip batch: 100%" in err and "3/3" in err and "partition" in err


def test_user_errors_of_the_dask_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dask

    source = write_lines(tmp_path / "in.jsonl", seed_documents(2))
    a_file = write_lines(tmp_path / "taken", [])
    argv = ["batch", str(source), "--dask", "local:1", "-o", str(a_file)]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("kutip: output_not_a_directory: ")
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    write_lines(earlier / "part-00000.jsonl", [])
    assert main(["batch", str(source), "--dask", "local:1", "-o", str(earlier)]) == 2
    assert capsys.readouterr().err.startswith("kutip: output_not_empty: ")
    # Nothing listens on this port (a socket bound but never listening).
    with socket.socket() as idle, dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        idle.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{idle.getsockname()[1]}"
        assert main(["batch", str(source), "--dask", address, "-o", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.startswith(f"kutip: dask_unreachable: --dask {address}: ")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as without the dask extra
    assert main(["batch", str(source), "--dask", "local:1", "-o", str(tmp_path / "o")]) == 2
    assert "pip install 'kutip[dask]'" in capsys.readouterr().err
