"""`kutip batch` inputs: files, globs, '-' for stdin, and fsspec URLs (``s3://bucket/*.jsonl``
when s3fs is installed; ``file://``, ``memory://`` and the like with fsspec alone).

Every input is read as UTF-8 JSON lines, in the order given (a glob's matches sorted), and cut
into partitions of consecutive documents: the unit a Dask worker takes. Blank lines are skipped,
but each document keeps its own line number, so an answer always points back to its line.
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple

STDIN = "-"
_MAGIC = ("*", "?", "[")


class InputError(Exception):
    """An input the user named cannot be read; ``code`` is stable for scripts."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Line(NamedTuple):
    """One document line: the input it came from, its 1-based line number, the raw JSON."""

    source: str
    number: int
    raw: str


@dataclass(frozen=True)
class Partition:
    """Consecutive documents, the unit of work a Dask task takes (``index`` orders the parts)."""

    index: int
    lines: list[Line]


def is_url(name: str) -> bool:
    return "://" in name


def _fsspec() -> object:
    try:
        import fsspec
    except ImportError:
        raise InputError(
            "fsspec_missing", "reading URLs needs fsspec: pip install 'kutip[dask]'"
        ) from None
    return fsspec


def _expand_url(url: str) -> list[str]:
    _fsspec()
    from fsspec.core import url_to_fs

    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:
        # An unknown protocol, or a known one whose backend (s3fs, gcsfs, ...) is not installed.
        raise InputError("unsupported_url", f"{url}: {exc}") from None
    if any(m in path for m in _MAGIC):
        found = sorted(str(p) for p in fs.glob(path))
    else:
        found = [path] if fs.exists(path) else []
    if not found:
        raise InputError("input_not_found", f"no input matches {url}")
    return [fs.unstrip_protocol(p) for p in found]


def expand(inputs: Sequence[str]) -> list[str]:
    """The inputs as single readable names, in order; a name or glob matching nothing is an
    error before any work starts (a typo must not look like an empty batch)."""
    names: list[str] = []
    for name in inputs or [STDIN]:
        if name == STDIN:
            names.append(name)
        elif is_url(name):
            names += _expand_url(name)
        elif any(m in name for m in _MAGIC):
            matches = sorted(glob.glob(name))
            if not matches:
                raise InputError("input_not_found", f"no file matches {name}")
            names += matches
        elif not Path(name).is_file():
            raise InputError("input_not_found", f"{name}: no such file")
        else:
            names.append(name)
    if names.count(STDIN) > 1:
        raise InputError("stdin_twice", "standard input ('-') can be read only once")
    return names


@contextmanager
def open_input(name: str) -> Iterator[IO[str]]:
    if name == STDIN:
        yield sys.stdin
    elif is_url(name):
        _fsspec()
        import fsspec

        with fsspec.open(name, mode="rt", encoding="utf-8") as stream:
            yield stream
    else:
        with open(name, encoding="utf-8") as stream:
            yield stream


def read_lines(names: Iterable[str]) -> Iterator[Line]:
    """Every non-blank line of every input, in order, read lazily."""
    for name in names:
        with open_input(name) as stream:
            for number, raw in enumerate(stream, 1):
                if raw.strip():
                    yield Line(name, number, raw)


def partitions(lines: Iterable[Line], size: int) -> Iterator[Partition]:
    """Consecutive runs of ``size`` documents (the last one shorter)."""
    chunk: list[Line] = []
    index = 0
    for line in lines:
        chunk.append(line)
        if len(chunk) == size:
            yield Partition(index, chunk)
            index, chunk = index + 1, []
    if chunk:
        yield Partition(index, chunk)
