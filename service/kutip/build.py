"""The build version: one string that changes whenever kutip's output for some input can change.

``rules_version`` hashes the rule files only; the output also depends on the engine's code, on
the code that reads HTML and newsroom documents and shapes the answer, and on the ``regex``
module and the Unicode database the patterns run on. The build version is the package version
plus a digest of all of them: ``0.1.0+3f2a9c01d4e5b6a7``. The code digest is taken once per
process (the code does not change under a running process); the rules part follows the rules
the engine has loaded, so a reload with new rules gives a new build version.
"""

from __future__ import annotations

import functools
import hashlib
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

import regex

__all__ = ["CODE_PARTS", "build_version", "code_digest"]

PACKAGE = Path(__file__).resolve().parent
# Package-relative paths of the code whose change can change an answer (folders: every .py).
CODE_PARTS = (
    "engine",
    "formats",
    "api/extraction.py",
    "api/inputs.py",
    "api/schemas.py",
)


def _files() -> list[Path]:
    found: list[Path] = []
    for part in CODE_PARTS:
        path = PACKAGE / part
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return found


@functools.cache
def code_digest() -> str:
    """A digest of the code listed in CODE_PARTS and of what it runs on."""
    digest = hashlib.sha256()
    for path in _files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    # The patterns' behaviour comes from regex and its Unicode tables, and Python's str methods
    # (casefold, isalpha) from unicodedata's.
    runtime = f"regex {regex.__version__}; unicode {unicodedata.unidata_version}"
    digest.update(f"{runtime}; python {sys.version_info[:2]}".encode())
    return digest.hexdigest()


def _package_version() -> str:
    try:
        return metadata.version("kutip")
    except metadata.PackageNotFoundError:  # run from a checkout without installing
        from kutip import __version__

        return __version__


@functools.lru_cache(maxsize=16)
def build_version(rules_version: str) -> str:
    """The package version and a digest of the rules (their version) and the code."""
    digest = hashlib.sha256(f"{rules_version}\0{code_digest()}".encode()).hexdigest()
    return f"{_package_version()}+{digest[:16]}"
