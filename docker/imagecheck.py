"""Host-side checks for docker/test-image.sh; standard library only (runs on any python3 >= 3.11).

    imagecheck.py argv cmd|health < inspect.json  the image's command or HEALTHCHECK, NUL-separated
    imagecheck.py wait URL SECONDS [PID]          poll URL until it answers 200 (PID: give up if
                                                  that process is gone)
    imagecheck.py extract BASE_URL TEXT GOLDEN    POST TEXT to /v1/extract, compare with GOLDEN
    imagecheck.py rules BASE_URL                  GET /v1/rules, print "VERSION ID ID ..."
    imagecheck.py rule-id FILE                    the top-level `id:` of a rules YAML file

Exit status 0 on success, 1 on a failed check (with the reason on stderr), 2 on bad usage.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

TIMEOUT = 30.0


class CheckError(Exception):
    """A check failed; the message says why."""


def _inspected(stdin: str) -> dict[str, Any]:
    data = json.loads(stdin)
    image = data[0] if isinstance(data, list) else data
    if not isinstance(image, dict):
        raise CheckError("inspect output is not an image object")
    return image


def image_argv(what: str, stdin: str) -> list[str]:
    """The image's own command (Entrypoint + Cmd) or its HEALTHCHECK test, as an argv."""
    image = _inspected(stdin)
    config = image.get("Config") or {}
    if what == "cmd":
        argv = list(config.get("Entrypoint") or []) + list(config.get("Cmd") or [])
        if not argv:
            raise CheckError("the image has neither ENTRYPOINT nor CMD")
        return [str(a) for a in argv]
    # docker keeps it in Config.Healthcheck, podman also at the top level.
    health = config.get("Healthcheck") or image.get("Healthcheck") or {}
    test = [str(t) for t in health.get("Test") or []]
    if not test or test[0] == "NONE":
        raise CheckError("the image has no HEALTHCHECK (podman: build with --format docker)")
    if test[0] == "CMD" and len(test) > 1:
        return test[1:]
    if test[0] == "CMD-SHELL" and len(test) == 2:
        return ["/bin/sh", "-c", test[1]]
    raise CheckError(f"unexpected HEALTHCHECK test {test!r}")


def _request(url: str, body: bytes | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), bytes(exc.read())


def _json(url: str, body: bytes | None = None) -> dict[str, Any]:
    status, raw = _request(url, body)
    if status != 200:
        raise CheckError(f"{url} answered {status}: {raw[:500].decode('utf-8', 'replace')}")
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise CheckError(f"{url} did not answer a JSON object")
    return data


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is gone for our purpose.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def wait(url: str, seconds: float, pid: int | None) -> str:
    """Poll ``url`` until it answers 200; return the body."""
    deadline = time.monotonic() + seconds
    last = "no answer yet"
    while time.monotonic() < deadline:
        if pid is not None and not _alive(pid):
            raise CheckError(f"the server process {pid} exited before {url} answered ({last})")
        try:
            status, raw = _request(url)
        except (OSError, urllib.error.URLError) as exc:
            last = str(exc)
        else:
            if status == 200:
                return raw.decode("utf-8", "replace")
            last = f"HTTP {status}"
        time.sleep(0.25)
    raise CheckError(f"{url} did not answer 200 within {seconds:g} s ({last})")


def _first_difference(got: list[Any], want: list[Any]) -> str:
    if len(got) != len(want):
        return f"{len(got)} quotes, the golden file has {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if g != w:
            keys = sorted(k for k in set(g) | set(w) if g.get(k) != w.get(k))
            detail = "; ".join(f"{k}: got {g.get(k)!r}, want {w.get(k)!r}" for k in keys)
            return f"quote {i} differs: {detail}"
    return "no difference"


def _engine_fields(got: Any, want: Any) -> Any:
    if isinstance(got, dict) and isinstance(want, dict):
        return {k: got[k] for k in want if k in got}  # a field missing from got still differs
    return got


def extract(base_url: str, text_file: str, golden_file: str) -> str:
    """POST the article; its quotes and speakers must equal the golden file's.

    Timing and request fields (elapsed_ms, id, warnings), the rules version and the fields the
    API adds to each quote (prefix, suffix) are not compared.
    """
    text = Path(text_file).read_text("utf-8")
    golden = json.loads(Path(golden_file).read_text("utf-8"))
    answer = _json(f"{base_url}/v1/extract", json.dumps({"text": text}).encode())
    got, want = answer.get("quotes"), golden.get("quotes")
    if not isinstance(got, list) or not isinstance(want, list):
        raise CheckError("the answer or the golden file has no `quotes` list")
    # The golden file is the engine's output; the API adds fields of its own to each quote
    # (prefix/suffix around it, and so on): the engine's fields must be equal, the rest may be.
    if len(got) == len(want):
        got = [_engine_fields(g, w) for g, w in zip(got, want, strict=True)]
    if got != want:
        raise CheckError(f"seed answer differs from {golden_file}: {_first_difference(got, want)}")
    if "speakers" in golden and answer.get("speakers") != golden["speakers"]:
        raise CheckError(f"seed answer's speakers differ from {golden_file}")
    names = {q["speaker"]["name"] for q in got if (q.get("speaker") or {}).get("name")}
    # Like tests/engine/test_golden.py: the rules version changes with every edit of rules/.
    return (
        f"{len(got)} quotes, {len(names)} speakers, equal to {golden_file} "
        f"(rules_version {answer.get('rules_version')})"
    )


def rules(base_url: str) -> str:
    data = _json(f"{base_url}/v1/rules")
    ids = data.get("ids")
    version = data.get("rules_version")
    if not isinstance(ids, list) or not isinstance(version, str) or not ids:
        raise CheckError(f"{base_url}/v1/rules has no rules_version and ids")
    return " ".join([version, *(str(i) for i in ids)])


def rule_id(path: str) -> str:
    match = re.search(r"^id:\s*['\"]?([\w.-]+)", Path(path).read_text("utf-8"), re.MULTILINE)
    if match is None:
        raise CheckError(f"{path} has no top-level id")
    return match.group(1)


def main(argv: list[str]) -> int:
    try:
        match argv:
            case ["argv", ("cmd" | "health") as what]:
                sys.stdout.write("\0".join(image_argv(what, sys.stdin.read())) + "\0")
            case ["wait", url, seconds, *pid] if len(pid) <= 1:
                wait(url, float(seconds), int(pid[0]) if pid else None)
            case ["extract", base_url, text_file, golden_file]:
                print(extract(base_url, text_file, golden_file))
            case ["rules", base_url]:
                print(rules(base_url))
            case ["rule-id", path]:
                print(rule_id(path))
            case _:
                print(__doc__, file=sys.stderr)
                return 2
    except (CheckError, OSError, ValueError, urllib.error.URLError) as exc:
        print(f"imagecheck: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
