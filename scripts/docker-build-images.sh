#!/usr/bin/env bash
# Builds the DINFRA container images (docker/README.md) from this checkout:
#   dinfra/agent:dev   docker/agent/Dockerfile: the Karaf distribution (karaf-distro) and the
#                      command line (cli, for its `agent provision`), built by Maven when missing
#                      or older than the sources, on Java 17, with the docker CLI
#   dinfra/chain:dev   docker/chain/Dockerfile: Chopsticks (parachain/chain, pinned lockfile) serving
#                      the runtime WASM and raw chain spec of parachain/scripts/build-runtime.sh
#
#   scripts/docker-build-images.sh [--base IMAGE] [agent] [chain]     (default: both)
#
# --base IMAGE   the BASE_IMAGE build argument of both Dockerfiles (their defaults are the public
#                debian:12-slim and node:22-bookworm-slim); no registry is reachable here, so use
#                --base dinfra/debian-base:bookworm (scripts/docker-base-image.sh builds it)
# The build contexts are staged under $DINFRA_CACHE/docker-context (default ~/.cache/dinfra), never
# in the repository. Environment: DINFRA_AGENT_IMAGE, DINFRA_CHAIN_IMAGE (tags, defaults above),
# DINFRA_AGENT_DIST (a distribution .tar.gz to use instead of karaf-distro/target's). Uses
# DOCKER_HOST as set; the legacy builder when the buildx plugin is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
BASE=""
WHAT=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) [ $# -ge 2 ] || usage; BASE="$2"; shift 2 ;;
    --base=*) BASE="${1#*=}"; shift ;;
    agent|chain) WHAT+=("$1"); shift ;;
    -h|--help) usage ;;
    *) echo "error: unknown argument $1" >&2; usage ;;
  esac
done
[ ${#WHAT[@]} -gt 0 ] || WHAT=(agent chain)
AGENT_IMAGE="${DINFRA_AGENT_IMAGE:-dinfra/agent:dev}"
CHAIN_IMAGE="${DINFRA_CHAIN_IMAGE:-dinfra/chain:dev}"
CONTEXTS="${DINFRA_CACHE:-$HOME/.cache/dinfra}/docker-context"

BUILD_ARGS=()
[ -n "$BASE" ] && BUILD_ARGS+=(--build-arg "BASE_IMAGE=$BASE")
if ! docker buildx version >/dev/null 2>&1; then
  export DOCKER_BUILDKIT=0
fi
REVISION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"

build() { # build IMAGE CONTEXT
  local start=$SECONDS
  echo "== docker build $1${BASE:+ (base $BASE)}" >&2
  if ! docker build -q "${BUILD_ARGS[@]}" --label "org.dinfra.revision=$REVISION" -t "$1" "$2" >"$2.build.log" 2>&1; then
    echo "error: docker build of $1 failed; last lines of $2.build.log:" >&2
    tail -30 "$2.build.log" >&2
    exit 1
  fi
  # The image this tag named before, now untagged.
  docker image prune -f --filter "label=org.dinfra.revision" >/dev/null
  echo "$1 built in $((SECONDS - start)) s" >&2
}

agent() {
  local dist="${DINFRA_AGENT_DIST:-}" jar="$ROOT/cli/target/dinfra-cli.jar"
  local built
  built="$(ls "$ROOT"/karaf-distro/target/dinfra-karaf-distro-*.tar.gz 2>/dev/null | head -1 || true)"
  if [ ! -f "$jar" ] || [ -n "$(dinfra_sources_newer_than "$jar")" ] \
      || { [ -z "$dist" ] && { [ -z "$built" ] || [ -n "$(dinfra_sources_newer_than "$built")" ]; }; }; then
    dinfra_require_java_maven
    echo "== Building the agent distribution and the command line (mvn install -DskipTests -pl karaf-distro,cli -am)" >&2
    (cd "$ROOT" && mvn -B -q install -DskipTests -pl karaf-distro,cli -am) >&2
    # built from the sources as they are now (see dinfra_sources_newer_than)
    touch "$jar" "$ROOT"/karaf-distro/target/dinfra-karaf-distro-*.tar.gz
  fi
  [ -n "$dist" ] || dist="$(ls "$ROOT"/karaf-distro/target/dinfra-karaf-distro-*.tar.gz | head -1)"
  [ -f "$dist" ] || { echo "error: no agent distribution at $dist" >&2; exit 1; }
  local ctx="$CONTEXTS/agent"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp "$ROOT/docker/agent/Dockerfile" "$ROOT/docker/agent/entrypoint.sh" "$ROOT/docker/agent/healthcheck.sh" "$ctx/"
  mkdir "$ctx/dinfra" "$ctx/cli"
  tar -xzf "$dist" -C "$ctx/dinfra" --strip-components=1
  cp "$jar" "$ctx/cli/"
  cp -r "$ROOT/cli/target/lib" "$ctx/cli/lib"
  build "$AGENT_IMAGE" "$ctx"
}

chain() {
  local out wasm spec
  out="$("$ROOT/parachain/scripts/build-runtime.sh")"
  wasm="$(sed -n 's/^DINFRA_RUNTIME_WASM=//p' <<<"$out")"
  spec="$(sed -n 's/^DINFRA_CHAIN_SPEC=//p' <<<"$out")"
  [ -f "$wasm" ] && [ -f "$spec" ] || { echo "error: build-runtime.sh gave no runtime or chain spec" >&2; exit 1; }
  # build-runtime.sh ran `npm ci` (pinned lockfile, no install scripts) in parachain/chain.
  local ctx="$CONTEXTS/chain"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp "$ROOT/docker/chain/Dockerfile" "$ROOT/parachain/chain/package.json" "$ROOT/parachain/chain/package-lock.json" \
    "$ROOT/parachain/chain/dev-chain.mjs" "$wasm" "$spec" "$ctx/"
  # Hard links when on the same file system: the context is only read.
  cp -al "$ROOT/parachain/chain/node_modules" "$ctx/node_modules" 2>/dev/null \
    || cp -a "$ROOT/parachain/chain/node_modules" "$ctx/node_modules"
  build "$CHAIN_IMAGE" "$ctx"
}

for w in "${WHAT[@]}"; do
  "$w"
done
