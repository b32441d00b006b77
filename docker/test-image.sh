#!/usr/bin/env bash
# Build the kutip image and prove it works:
#   build it (timed); start the image's own CMD; wait for /health; POST the seed article to
#   /v1/extract and compare the quotes with the golden file; check the server runs as a non-root
#   user; run the image's HEALTHCHECK command inside the image (it must pass while the server is
#   up and fail when nothing listens); start it again with a custom rules folder mounted and
#   KUTIP_RULES_DIR set and check /v1/rules shows those rules; print the image size.
# Removes the containers and the image it made (keeps the cached base); exits non-zero on any
# failure with the reason.
#
# Engines: docker where a daemon answers; otherwise podman + buildah as root, the way
# ../shared/DESIGN.md describes for machines without a Docker engine (a debootstrapped bookworm
# base with python3, `podman build --isolation=chroot`, `buildah run --isolation chroot`).
#
# Environment:
#   KUTIP_CONTAINER_ENGINE     docker | podman (default: docker if its daemon answers, else podman)
#   KUTIP_BASE_IMAGE           docker only: the BASE_IMAGE build argument (default: the
#                              Dockerfile's own default, python:X.Y-slim-SUITE)
#   KUTIP_BASE_CACHE           podman only: where the base's root tarball is kept
#                              (default /var/cache/kutip)
#   KUTIP_REBUILD_BASE=1       podman only: debootstrap the base again, ignoring both caches
#   KUTIP_DEBIAN_MIRROR        podman only: mirror for debootstrap (default http://deb.debian.org/debian)
#   KUTIP_MAX_IMAGE_GROWTH_MB  fail if the image is larger than its base by more (default 150)
set -euo pipefail
cd "$(dirname "$0")/.."

readonly SEED=seeds/000_755a8e7ff748d252.txt
readonly GOLDEN=seeds/000_755a8e7ff748d252.expected.json
readonly REMOVED_SIEVE=rules/sieves/095-turn.yaml
# The Dockerfile's default base, python:X.Y-slim-SUITE: what a Docker user builds on. Without a
# Docker daemon the base is made the same way: Debian SUITE with Debian's python3, which must be
# Python X.Y (checked in the built image below).
DEFAULT_BASE=$(sed -n 's/^ARG BASE_IMAGE=//p' docker/Dockerfile)
readonly DEFAULT_BASE
if [[ ! "$DEFAULT_BASE" =~ ^python:([0-9]+\.[0-9]+)-slim-([a-z]+)$ ]]; then
  printf 'test-image: FAIL: the Dockerfile default base %s is not python:X.Y-slim-SUITE\n' \
    "$DEFAULT_BASE" >&2
  exit 1
fi
readonly DEFAULT_PYTHON=${BASH_REMATCH[1]} SUITE=${BASH_REMATCH[2]}
readonly BASE_TAG=localhost/kutip-base-$SUITE
readonly TAG="localhost/kutip-image-test:$$"
readonly CACHE_DIR=${KUTIP_BASE_CACHE:-/var/cache/kutip}
readonly BASE_TARBALL="$CACHE_DIR/$SUITE-python3.tar.gz"
readonly MAX_GROWTH_MB=${KUTIP_MAX_IMAGE_GROWTH_MB:-150}
readonly CHECK="python3 docker/imagecheck.py"

exec 3>&1 4>&2 # the script's own output, for the exit trap (a signal may land in a redirection)
work=$(mktemp -d /tmp/kutip-image-test.XXXXXX)
chmod 755 "$work"
containers=()
servers=()
image_made=""
engine=""
server_log="" # the running server's output, shown when a check fails

say() { printf '%s\n' "$*"; }
fail() {
  printf 'test-image: FAIL: %s\n' "$*" >&2
  exit 1
}

cleanup() {
  local rc=$? pg ctr
  set +e
  exec 1>&3 2>&4
  for pg in "${servers[@]}"; do kill -TERM -- "-$pg" 2>/dev/null; done
  for pg in "${servers[@]}"; do
    for _ in $(seq 1 40); do kill -0 -- "-$pg" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pg" 2>/dev/null
  done
  for ctr in "${containers[@]}"; do
    if [ "$engine" = docker ]; then docker rm -f "$ctr" >/dev/null 2>&1; else buildah rm "$ctr" >/dev/null 2>&1; fi
  done
  if [ -n "$image_made" ]; then
    if [ "$engine" = docker ]; then docker rmi -f "$TAG" >/dev/null 2>&1; else podman rmi -f "$TAG" >/dev/null 2>&1; fi
  fi
  if [ "$rc" -ne 0 ] && [ -n "$server_log" ]; then show_log "$server_log"; fi
  # debootstrap mounts proc and sys inside its target; never recurse into a mounted filesystem.
  awk -v w="$work/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r | xargs -r umount -l 2>/dev/null
  rm -rf --one-file-system "$work"
  if [ "$rc" -ne 0 ]; then
    printf 'test-image: FAILED (exit %s)\n' "$rc" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
mb() { awk -v n="$1" 'BEGIN { printf "%.1f MB", n / 1000000 }'; }
show_log() {
  if [ -s "$1" ]; then
    printf -- '--- %s (last 40 lines)\n' "$1" >&2
    tail -n 40 "$1" >&2
  fi
}

# ---- preconditions ------------------------------------------------------------------------------
for f in docker/Dockerfile docker/gunicorn.conf.py docker/requirements.txt "$SEED" "$GOLDEN" "$REMOVED_SIEVE"; do
  [ -f "$f" ] || fail "$f is missing"
done
command -v python3 >/dev/null || fail "python3 is needed on the host"

engine=${KUTIP_CONTAINER_ENGINE:-}
if [ -z "$engine" ]; then
  if command -v docker >/dev/null 2>&1 && ! docker --version 2>/dev/null | grep -qi podman \
    && docker info >/dev/null 2>&1; then
    engine=docker
  elif command -v podman >/dev/null 2>&1 && command -v buildah >/dev/null 2>&1; then
    engine=podman
  else
    fail "no container engine: need a running docker daemon, or podman and buildah" \
      "(apt-get install -y podman buildah debootstrap)"
  fi
fi
case "$engine" in
  docker) ;;
  podman)
    command -v buildah >/dev/null 2>&1 || fail "podman mode needs buildah too"
    [ "$(id -u)" -eq 0 ] || fail "podman mode runs as root (chroot isolation); run with sudo"
    ;;
  *) fail "KUTIP_CONTAINER_ENGINE must be docker or podman, not '$engine'" ;;
esac
say "== engine: $engine ($("$engine" --version))"

# ---- base image (podman): debootstrapped $SUITE with Debian's python3, cached --------------------
ensure_base() {
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/base.lock"
  flock 9 # two runs on one machine share the cache
  if [ -z "${KUTIP_REBUILD_BASE:-}" ] && podman image exists "$BASE_TAG"; then
    say "base: $BASE_TAG (cached image)"
    exec 9>&-
    return
  fi
  if [ -n "${KUTIP_REBUILD_BASE:-}" ] || [ ! -s "$BASE_TARBALL" ]; then
    command -v debootstrap >/dev/null || fail "debootstrap is missing (apt-get install -y debootstrap)"
    local start root="$work/rootfs"
    start=$(now)
    say "base: debootstrap $SUITE minbase + python3 (a few minutes, once per machine)"
    if ! debootstrap --variant=minbase --include=python3,python3-venv,python3-pip "$SUITE" \
      "$root" "${KUTIP_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1; then
      show_log "$work/debootstrap.log"
      fail "debootstrap failed"
    fi
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" --numeric-owner -c . | gzip -1 >"$BASE_TARBALL.tmp"
    mv "$BASE_TARBALL.tmp" "$BASE_TARBALL"
    rm -rf --one-file-system "$root"
    say "base: debootstrapped in $(elapsed "$start") s, cached as $BASE_TARBALL"
  fi
  podman rmi -f "$BASE_TAG" >/dev/null 2>&1 || true
  podman import --quiet --change 'CMD ["/bin/bash"]' "$BASE_TARBALL" "$BASE_TAG" >/dev/null \
    || fail "podman import of $BASE_TARBALL failed"
  say "base: imported $BASE_TARBALL as $BASE_TAG"
  exec 9>&-
}

if [ "$engine" = podman ]; then
  ensure_base
  base_image=$BASE_TAG
else
  base_image=${KUTIP_BASE_IMAGE:-$DEFAULT_BASE}
fi
say "default base: $DEFAULT_BASE (Python $DEFAULT_PYTHON on Debian $SUITE); building on $base_image"

# ---- build ----------------------------------------------------------------------------------------
say "== build $TAG (BASE_IMAGE=$base_image)"
build_start=$(now)
image_made=yes
if [ "$engine" = podman ]; then
  # --format docker keeps HEALTHCHECK (OCI image configs have no such field); the certs mount lets
  # pip reach the package index through this machine's proxy.
  build=(podman build --format docker --isolation=chroot --network=host --no-cache --layers=false
    -v /etc/ssl/certs:/etc/ssl/certs:ro)
else
  build=(docker build --pull)
fi
if ! "${build[@]}" --build-arg "BASE_IMAGE=$base_image" -t "$TAG" -f docker/Dockerfile . \
  >"$work/build.log" 2>&1; then
  show_log "$work/build.log"
  fail "the image did not build"
fi
build_seconds=$(elapsed "$build_start")
say "ok: built in $build_seconds s"

"$engine" image inspect "$TAG" >"$work/image.json"
mapfile -d '' -t cmd < <($CHECK argv cmd <"$work/image.json")
mapfile -d '' -t healthcheck < <($CHECK argv health <"$work/image.json")
[ "${#cmd[@]}" -gt 0 ] || fail "could not read the image's command"
[ "${#healthcheck[@]}" -gt 0 ] || fail "could not read the image's HEALTHCHECK"
say "image CMD: ${cmd[*]}"

# ---- run helpers --------------------------------------------------------------------------------
# start_server NAME LOG [ENGINE RUN ARGS...]: start the image's own command in the background;
# sets server_port, server_id (the docker container or buildah run's process group).
start_server() {
  local name=$1 log=$2 ctr
  shift 2
  server_log=$log
  server_port=$(free_port)
  if [ "$engine" = docker ]; then
    ctr=$(docker run -d --name "$name" -p "127.0.0.1:$server_port:8000" \
      --health-interval 2s --health-start-period 30s "$@" "$TAG") || fail "docker run failed"
    containers+=("$ctr")
    server_id=$ctr
    (docker logs -f "$ctr" >"$log" 2>&1 &)
  else
    ctr=$(buildah from --pull-never --name "$name" "$TAG") || fail "buildah from failed"
    containers+=("$ctr")
    # The host's network: the server listens on a free port of this machine.
    setsid buildah run --isolation chroot --network host --env "KUTIP_PORT=$server_port" "$@" \
      "$ctr" -- "${cmd[@]}" >"$log" 2>&1 &
    server_id=$!
    servers+=("$server_id")
  fi
}

wait_ready() {
  local pid_arg=()
  [ "$engine" = podman ] && pid_arg=("$server_id")
  $CHECK wait "http://127.0.0.1:$server_port/health" 120 "${pid_arg[@]}" \
    || fail "the server did not become healthy"
}

stop_server() {
  server_log=""
  if [ "$engine" = docker ]; then
    docker stop -t 10 "$server_id" >/dev/null
  else
    kill -TERM -- "-$server_id" 2>/dev/null || true
    wait "$server_id" 2>/dev/null || true
  fi
}

# in_image CONTAINER ENV... -- ARGV...: run ARGV inside the image as its user.
in_image() {
  local ctr=$1 envs=()
  shift
  while [ "$1" != -- ]; do envs+=(--env "$1"); shift; done
  shift
  if [ "$engine" = docker ]; then
    docker exec "${envs[@]}" "$ctr" "$@"
  else
    buildah run --isolation chroot --network host "${envs[@]}" "$ctr" -- "$@"
  fi
}

# ---- default rules: /health, seed article, user, HEALTHCHECK ------------------------------------
say "== start the image's command"
start_server "kutip-image-test-$$-a" "$work/server-a.log"
start=$(now)
wait_ready
say "ok: /health answered 200 after $(elapsed "$start") s on port $server_port"
url="http://127.0.0.1:$server_port"

say "== seed article"
if ! seed_summary=$($CHECK extract "$url" "$SEED" "$GOLDEN"); then
  fail "the seed answer is not the golden one"
fi
say "ok: $SEED -> $seed_summary"

say "== user"
if [ "$engine" = docker ]; then
  procs=$(docker exec "$server_id" /opt/kutip/venv/bin/python -c '
import pathlib
for p in pathlib.Path("/proc").glob("[0-9]*"):
    try:
        uid = [l.split()[1] for l in (p / "status").read_text().splitlines() if l.startswith("Uid:")][0]
        print(uid, (p / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip())
    except (OSError, IndexError):
        pass')
else
  procs=$(ps -e -o pgid=,uid=,args= | awk -v g="$server_id" '$1 == g && $3 !~ /^buildah/ { $1 = ""; print substr($0, 2) }')
fi
gunicorn_procs=$(printf '%s\n' "$procs" | grep gunicorn || true)
[ -n "$gunicorn_procs" ] || fail "no gunicorn process found for the server; processes: $procs"
if printf '%s\n' "$gunicorn_procs" | awk '$1 == 0 { bad = 1 } END { exit !bad }'; then
  fail "a server process runs as root: $gunicorn_procs"
fi
uids=$(printf '%s\n' "$gunicorn_procs" | awk '{print $1}' | sort -u | tr '\n' ' ')
say "ok: $(printf '%s\n' "$gunicorn_procs" | wc -l) gunicorn processes (master + workers), uid ${uids% } (non-root)"

say "== HEALTHCHECK: ${healthcheck[*]}"
if [ "$engine" = docker ]; then
  health_ctr=$server_id
else
  health_ctr=$(buildah from --pull-never --name "kutip-image-test-$$-h" "$TAG")
  containers+=("$health_ctr")
fi
if [ "$engine" = docker ]; then
  health_env=() # inside the container the server listens on the image's port
else
  health_env=("KUTIP_PORT=$server_port")
fi
if ! in_image "$health_ctr" "${health_env[@]}" -- "${healthcheck[@]}" >"$work/health.log" 2>&1; then
  show_log "$work/health.log"
  fail "the HEALTHCHECK command failed against a running server"
fi
say "ok: HEALTHCHECK exits 0 while the server is up"
if [ "$engine" = docker ]; then
  for _ in $(seq 1 60); do
    status=$(docker inspect --format '{{.State.Health.Status}}' "$server_id")
    [ "$status" = starting ] || break
    sleep 1
  done
  [ "$status" = healthy ] || fail "docker reports the container $status"
  say "ok: docker reports the container healthy"
  idle_port=$(free_port)
  probe=(docker run --rm --network none -e "KUTIP_PORT=$idle_port" --entrypoint "${healthcheck[0]}" "$TAG" "${healthcheck[@]:1}")
else
  idle_port=$(free_port)
  probe=(in_image "$health_ctr" "KUTIP_PORT=$idle_port" -- "${healthcheck[@]}")
fi
if "${probe[@]}" >/dev/null 2>&1; then
  fail "the HEALTHCHECK command succeeds with no server listening: it checks nothing"
fi
say "ok: HEALTHCHECK fails when no server listens"

# The built image runs the default base's Python minor version on its Debian release (on the
# podman path this is what makes the debootstrapped base "the same" as python:X.Y-slim-SUITE).
if [ "$engine" = podman ] || [ "$base_image" = "$DEFAULT_BASE" ]; then
  say "== Python and Debian release against the default base $DEFAULT_BASE"
  image_python=$(in_image "$health_ctr" -- /opt/kutip/venv/bin/python -c \
    'import sys; print("%d.%d" % sys.version_info[:2])') || fail "could not run the image's Python"
  image_suite=$(in_image "$health_ctr" -- /opt/kutip/venv/bin/python -c \
    'import platform; print(platform.freedesktop_os_release().get("VERSION_CODENAME", ""))') \
    || fail "could not read the image's /etc/os-release"
  [ "$image_python" = "$DEFAULT_PYTHON" ] \
    || fail "the image runs Python $image_python; the default base $DEFAULT_BASE has $DEFAULT_PYTHON"
  [ "$image_suite" = "$SUITE" ] \
    || fail "the image is Debian $image_suite; the default base $DEFAULT_BASE is $SUITE"
  say "ok: Python $image_python on Debian $image_suite, as in $DEFAULT_BASE"
fi

default_rules=$($CHECK rules "$url") || fail "GET /v1/rules failed"
stop_server

# ---- custom rules folder via KUTIP_RULES_DIR ----------------------------------------------------
say "== custom rules via KUTIP_RULES_DIR"
cp -r rules "$work/rules"
rm "$work/rules/${REMOVED_SIEVE#rules/}"
chmod -R a+rX "$work/rules"
removed_id=$($CHECK rule-id "$REMOVED_SIEVE")
if [ "$engine" = docker ]; then
  mount=(-v "$work/rules:/etc/kutip/rules:ro" -e KUTIP_RULES_DIR=/etc/kutip/rules)
else
  mount=(-v "$work/rules:/etc/kutip/rules:ro" --env KUTIP_RULES_DIR=/etc/kutip/rules)
fi
start_server "kutip-image-test-$$-b" "$work/server-b.log" "${mount[@]}"
wait_ready
custom_rules=$($CHECK rules "http://127.0.0.1:$server_port") || fail "GET /v1/rules failed"
stop_server
read -r default_version default_ids <<<"$default_rules"
read -r custom_version custom_ids <<<"$custom_rules"
expected_ids=$(tr ' ' '\n' <<<"$default_ids" | grep -vxF "$removed_id" | tr '\n' ' ')
[ "$custom_version" != "$default_version" ] \
  || fail "rules_version is still $default_version with the custom folder mounted"
[ "$custom_ids " = "$expected_ids" ] \
  || fail "custom rules ids are '$custom_ids', expected '${expected_ids% }' (without $removed_id)"
say "ok: built-in rules $default_version ($(wc -w <<<"$default_ids") rules);" \
  "mounted folder $custom_version ($(wc -w <<<"$custom_ids") rules, without $removed_id)"

# ---- size ---------------------------------------------------------------------------------------
image_size=$("$engine" image inspect --format '{{.Size}}' "$TAG")
base_size=$("$engine" image inspect --format '{{.Size}}' "$base_image")
growth=$((image_size - base_size))
say "== size"
say "image $(mb "$image_size"), base $base_image $(mb "$base_size"), over base $(mb "$growth")"
[ "$growth" -le $((MAX_GROWTH_MB * 1000000)) ] \
  || fail "the image adds $(mb "$growth") to its base; the limit is $MAX_GROWTH_MB MB"

say "== test-image: PASS (engine $engine, build ${build_seconds} s, over base $(mb "$growth"))"
