#!/usr/bin/env bash
# Regenerate the image's pinned, hashed lock files from pyproject.toml:
#   docker/requirements.txt        the runtime dependencies ([project].dependencies)
#   docker/requirements-build.txt  the wheel build backend ([build-system].requires)
# Run it after changing either list; the image test fails while the lock is stale.
# Needs python3 and PyPI; installs uv into a throwaway virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=${UV_VERSION:-0.13.9}
INDEX_URL=${KUTIP_LOCK_INDEX_URL:-https://pypi.org/simple}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "uv==$UV_VERSION" 2>&1 | grep -v '^WARNING: Location' || true
uv=("$work/venv/bin/uv" pip compile --quiet --universal --generate-hashes
    --python-version 3.11 --index-url "$INDEX_URL" --no-config
    --custom-compile-command "docker/lock.sh")

"${uv[@]}" pyproject.toml -o docker/requirements.txt
python3 -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))' \
  | "${uv[@]}" - -o docker/requirements-build.txt
echo "docker/lock.sh: wrote docker/requirements.txt and docker/requirements-build.txt"
