"""`kutip batch --dask`: partitions of documents on a Dask distributed cluster.

The client reads the inputs lazily and submits one task per partition, keeping only a few per
worker in flight (memory stays flat however large the inputs). Each task answers its documents
with the same ``process_line`` as the local batch, on an engine its worker process built once
and keeps, and writes its answers itself as ``DIR/part-NNNNN.jsonl`` (with fsspec: a local
folder on one machine, ``s3://...`` or a shared mount on a cluster), returning only its counts.
The client writes ``DIR/summary.json`` at the end. A task Dask runs again (its worker died)
writes its whole part again, so a part is never half of one run and half of another.
Concatenating the parts in name order gives exactly the local run's output.

``run_partitions`` is the reusable part (another command with its own task per partition, such
as an archive import, can use it).
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from kutip.batch import engine_for, process_line
from kutip.batch_inputs import InputError, Partition, expand, partitions, read_lines
from kutip.batch_output import EXIT_FAILED, SUMMARY_NAME, Summary, part_name, summary_json

LOCAL_PREFIX = "local:"
IN_FLIGHT_PER_WORKER = 2  # queued partitions per worker: enough that none waits for the client


def _dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise InputError(
            "dask_missing", "--dask needs Dask distributed: pip install 'kutip[dask]'"
        ) from None


def answer_partition(
    partition: Partition, fmt: str, rules: str | None, out_dir: str
) -> dict[str, Any]:
    """A Dask task: one partition's answers to its part file; its counts, and which process
    did it with how many engines built there (one per worker, ever)."""
    import fsspec

    from kutip import batch

    engine = engine_for(rules)
    summary = Summary()
    path = f"{out_dir.rstrip('/')}/{part_name(partition.index)}"
    with fsspec.open(path, mode="wt", encoding="utf-8") as out:
        for line in partition.lines:
            summary.write(out, process_line(engine, line, fmt))
    counts = summary.as_dict()
    process = f"{socket.gethostname()}/{os.getpid()}"
    counts.update(index=partition.index, process=process, engine_builds=batch.ENGINE_BUILDS)
    return counts


@contextmanager
def connect(address: str) -> Iterator[Any]:
    """A client for SCHEDULER_ADDRESS (``tcp://host:8786``), or ``local:N`` for a LocalCluster
    of N single-threaded worker processes on this machine (the engine is CPU-bound Python:
    threads would share one interpreter lock)."""
    _dask()
    from distributed import Client, LocalCluster

    if address.startswith(LOCAL_PREFIX):
        count = address[len(LOCAL_PREFIX) :]
        if not count.isdigit() or int(count) < 1:
            raise InputError("bad_dask_address", f"--dask {address}: N in local:N must be >= 1")
        with (
            LocalCluster(
                n_workers=int(count),
                threads_per_worker=1,
                processes=True,
                protocol="tcp",
                host="127.0.0.1",
                dashboard_address=":0",  # any free port: several runs may share a host
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        import dask

        try:
            # distributed.comm.timeouts.connect (30 s unless configured) bounds the wait.
            client = Client(address, timeout=dask.config.get("distributed.comm.timeouts.connect"))
        except (OSError, ValueError) as exc:
            raise InputError("dask_unreachable", f"--dask {address}: {exc}") from None
        with client:
            yield client


def _bar(total: int, enabled: bool | None) -> Any:
    # tqdm (in the dask extra) on stderr; enabled=None shows it only on a terminal.
    from tqdm import tqdm

    disable = None if enabled is None else not enabled  # tqdm's None: off unless a terminal
    return tqdm(total=total, unit="partition", desc="kutip batch", file=sys.stderr, disable=disable)


def run_partitions(
    client: Any,
    parts: Iterable[Partition],
    task: Callable[..., dict[str, Any]],
    args: Sequence[Any],
    progress: bool | None,
) -> list[dict[str, Any]]:
    """Submit ``task(partition, *args)`` per partition with bounded work in flight; the
    results in partition order. A task that raises (its part could not be written) raises."""
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
    limit = workers * IN_FLIGHT_PER_WORKER
    results: list[dict[str, Any]] = []
    pending = iter(parts)
    done = as_completed()
    with _bar(0, progress) as bar:

        def submit(partition: Partition) -> None:
            done.add(client.submit(task, partition, *args, pure=False))
            # The inputs are read lazily (stdin, URLs): the total is what was read so far, and
            # final once the last partition is submitted.
            bar.total += 1
            bar.refresh()

        for partition in pending:
            submit(partition)
            if done.count() >= limit:
                break
        for future in done:
            results.append(future.result())
            bar.update(1)
            following = next(pending, None)
            if following is not None:
                submit(following)
    return sorted(results, key=lambda r: int(r["index"]))


def run_dask_batch(
    inputs: Sequence[str],
    out_dir: str,
    address: str,
    rules: str | None,
    fmt: str,
    partition_size: int,
    progress: bool | None = None,
) -> int:
    _dask()
    import fsspec

    started = time.perf_counter()
    names = expand(inputs)
    fs, root = fsspec.core.url_to_fs(out_dir)
    if fs.isfile(root):
        raise InputError("output_not_a_directory", f"-o {out_dir}: --dask writes a folder of parts")
    fs.makedirs(root, exist_ok=True)
    # An earlier run's parts beside this run's would make `cat DIR/part-*` a mix of the two.
    base = root.rstrip("/")
    if fs.glob(f"{base}/part-*.jsonl") or fs.exists(f"{base}/{SUMMARY_NAME}"):
        raise InputError("output_not_empty", f"-o {out_dir} holds an earlier run's parts")
    summary = Summary()
    with connect(address) as client:
        connected = time.perf_counter() - started  # a LocalCluster's start is most of it
        parts = partitions(read_lines(names), partition_size)
        results = run_partitions(client, parts, answer_partition, (fmt, rules, out_dir), progress)
    for result in results:
        summary.merge(result)
    summary.seconds = time.perf_counter() - started
    extra = {
        "inputs": names,
        "scheduler": address,
        "connect_seconds": round(connected, 3),
        "partition_size": partition_size,
        "parts": [part_name(int(r["index"])) for r in results],
        "processes": len({r["process"] for r in results}),
        "engine_builds": {str(r["process"]): r["engine_builds"] for r in results},
    }
    with fsspec.open(f"{out_dir.rstrip('/')}/{SUMMARY_NAME}", "wt", encoding="utf-8") as out:
        out.write(summary_json(summary, extra))
    print(summary.line(), file=sys.stderr)
    return EXIT_FAILED if summary.failures else 0


__all__ = ["answer_partition", "connect", "run_dask_batch", "run_partitions"]
