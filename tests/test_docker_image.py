"""The container image: its lock files match pyproject.toml, the compose files match the
Dockerfile and the service's settings, and docker/test-image.sh (a real build, run and probe of
the image) passes wherever a container engine is available."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from kutip.api.config import ENVIRONMENT

ROOT = Path(__file__).resolve().parents[1]
DOCKER = ROOT / "docker"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
IMAGE_TEST_TIMEOUT = 900  # seconds; a fresh machine debootstraps the base first (a few minutes)


def _locked(path: Path) -> dict[str, tuple[str, int]]:
    """Package name -> (pinned version, number of hashes) from a `uv pip compile` lock file."""
    pins: dict[str, tuple[str, int]] = {}
    name = ""
    for line in path.read_text("utf-8").splitlines():
        pin = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if pin:
            name = str(canonicalize_name(pin[1]))
            pins[name] = (pin[2], 0)
        elif line.strip().startswith("--hash=sha256:") and name:
            version, hashes = pins[name]
            pins[name] = (version, hashes + 1)
    return pins


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("requirements.txt", PYPROJECT["project"]["dependencies"]),
        ("requirements-build.txt", PYPROJECT["build-system"]["requires"]),
    ],
)
def test_lock_pins_every_requirement_with_hashes(lock: str, requirements: list[str]) -> None:
    pins = _locked(DOCKER / lock)
    assert pins, f"docker/{lock} pins nothing"
    stale = []
    for text in requirements:
        requirement = Requirement(text)
        name = str(canonicalize_name(requirement.name))
        if name not in pins:
            stale.append(f"{text}: not pinned")
        elif not requirement.specifier.contains(pins[name][0], prereleases=True):
            stale.append(f"{text}: pinned {pins[name][0]}")
    assert not stale, f"docker/{lock} is stale (run docker/lock.sh): {stale}"
    unhashed = [name for name, (_, hashes) in pins.items() if hashes == 0]
    assert not unhashed, f"docker/{lock} has pins without hashes: {unhashed}"


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (DOCKER / "Dockerfile").read_text("utf-8")
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def _compose(name: str) -> dict[str, Any]:
    data = yaml.safe_load((DOCKER / name).read_text("utf-8"))
    assert isinstance(data, dict)
    service = data["services"]["kutip"]
    assert isinstance(service, dict)
    return service


def test_dockerfile_runs_gunicorn_as_a_plain_user_with_a_healthcheck() -> None:
    instructions = _dockerfile_instructions()
    final = instructions[max(i for i, (k, _) in enumerate(instructions) if k == "FROM") :]
    values = {keyword: rest for keyword, rest in final}
    assert values["USER"].split(":")[0] not in ("0", "root")
    assert values["EXPOSE"] == "8000"
    cmd = json.loads(values["CMD"])  # exec form
    assert cmd[0].endswith("/gunicorn")
    assert cmd[cmd.index("--config") + 1] == "/opt/kutip/gunicorn.conf.py"
    assert cmd[-1] == "kutip.api:create_app()"
    copies = [rest.split() for keyword, rest in final if keyword == "COPY"]
    assert ["docker/gunicorn.conf.py", "/opt/kutip/gunicorn.conf.py"] in copies
    health = values["HEALTHCHECK"]
    assert "urllib.request" in health and "/health" in health


def test_compose_matches_the_dockerfile() -> None:
    service = _compose("compose.yaml")
    instructions = _dockerfile_instructions()
    health = next(rest for keyword, rest in instructions if keyword == "HEALTHCHECK")
    image_test = json.loads(health[health.index("CMD ") + 4 :])
    assert service["healthcheck"]["test"] == ["CMD", *image_test]
    assert any(str(port).endswith(":8000") for port in service["ports"])
    assert (ROOT / service["build"]["dockerfile"]).is_file()
    assert service["build"]["context"] == ".."
    assert service["restart"] in ("always", "unless-stopped", "on-failure")
    limits = service["deploy"]["resources"]["limits"]
    assert limits["cpus"] and limits["memory"]


def test_compose_sets_only_variables_the_service_reads() -> None:
    gunicorn_conf = (ROOT / "service/kutip/api/gunicorn_conf.py").read_text("utf-8")
    known = {variable for variable, _ in ENVIRONMENT.values()}
    known |= set(re.findall(r"KUTIP_[A-Z_]+", gunicorn_conf))
    for name in ("compose.yaml", "compose.rules.yaml"):
        environment = _compose(name)["environment"]
        names = (
            [e.split("=")[0] for e in environment]
            if isinstance(environment, list)
            else list(environment)
        )
        assert names, name
        unknown = sorted(set(names) - known)
        assert not unknown, f"docker/{name} sets variables kutip never reads: {unknown}"


def test_compose_rules_override_mounts_what_kutip_rules_dir_names() -> None:
    service = _compose("compose.rules.yaml")
    (volume,) = service["volumes"]
    assert volume["target"] == service["environment"]["KUTIP_RULES_DIR"]
    assert volume["read_only"] is True


def test_default_base_names_the_python_and_release_the_test_base_is_made_of() -> None:
    """The Dockerfile's default is python:X.Y-slim-SUITE and docker/test-image.sh reads it:
    without Docker it debootstraps SUITE with Debian's python3 and checks the image runs X.Y."""
    (default,) = [rest for keyword, rest in _dockerfile_instructions() if keyword == "ARG"]
    match = re.fullmatch(r"BASE_IMAGE=python:(\d+)\.(\d+)-slim-([a-z]+)", default)
    assert match, default
    minimum = re.search(r">=\s*(\d+)\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert minimum and (int(match[1]), int(match[2])) >= (int(minimum[1]), int(minimum[2]))
    script = (DOCKER / "test-image.sh").read_text("utf-8")
    assert "sed -n 's/^ARG BASE_IMAGE=//p' docker/Dockerfile" in script
    assert '--include=python3,python3-venv,python3-pip "$SUITE"' in script
    assert '[ "$image_python" = "$DEFAULT_PYTHON" ]' in script


def test_compose_publishes_on_one_documented_variable() -> None:
    assert _compose("compose.yaml")["ports"] == ["${KUTIP_PUBLISH:-127.0.0.1:8000}:8000"]
    assert "KUTIP_PUBLISH" in (ROOT / "README.md").read_text("utf-8")
    assert "KUTIP_PUBLISH" in (DOCKER / "README.md").read_text("utf-8")


def _why_no_engine() -> str | None:
    if os.environ.get("KUTIP_SKIP_IMAGE_TEST"):
        return "KUTIP_SKIP_IMAGE_TEST is set"
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "info"], capture_output=True, timeout=60).returncode == 0:
        return None
    if shutil.which("podman") and shutil.which("buildah"):
        if os.geteuid() != 0:
            return "podman/buildah are here, but the image test needs root (chroot isolation)"
        return None
    return (
        "no container engine: no docker daemon answers and podman/buildah are not installed "
        "(.ci/run installs them: apt-get install podman buildah debootstrap)"
    )


def test_image_builds_runs_and_answers_like_the_engine() -> None:
    """docker/test-image.sh: build, seed answer == golden, non-root, HEALTHCHECK, custom rules."""
    reason = _why_no_engine()
    if reason:
        pytest.skip(reason)
    # Not subprocess.run(timeout=...): that kills the script outright, leaving its servers and
    # containers behind; SIGTERM lets its trap clean up.
    with subprocess.Popen(
        ["bash", str(DOCKER / "test-image.sh")],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as script:
        try:
            output, _ = script.communicate(timeout=IMAGE_TEST_TIMEOUT)
        except subprocess.TimeoutExpired:
            script.terminate()
            output, _ = script.communicate(timeout=120)
            pytest.fail(f"docker/test-image.sh took over {IMAGE_TEST_TIMEOUT} s:\n{output}")
    log = ROOT / "artifacts" / "test-image.log"
    log.parent.mkdir(exist_ok=True)
    log.write_text(output, "utf-8")
    print(output)
    assert script.returncode == 0, f"docker/test-image.sh failed:\n{output}"
    assert "test-image: PASS" in output
