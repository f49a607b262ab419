#!/usr/bin/env bash
# Tests the container images and the dev stack's Compose file (docker/README.md) on a private
# Docker engine, with no registry:
#   1. the local base (scripts/docker-base-image.sh: debootstrap + docker import), then the agent
#      and chain images on it (scripts/docker-build-images.sh --base dinfra/debian-base:bookworm);
#   2. docker/compose.yaml up under its own project name, ports published on 127.0.0.1 (free ports);
#   3. the chain: "dev chain ready" in its log, JSON-RPC answering on the published port;
#   4. the agent: provisioned from its environment (dinfra agent provision: the chain, the reactor
#      and the status API in featuresBoot; a mistyped reactor stops a container with an error: line),
#      "DINFRA agent active" in its log, following the chain at ws://chain:9944, the
#      health endpoint answering 200 on the published port, the container healthy, running as a
#      non-root user whose docker CLI drives the engine through the mounted socket;
#   5. docker stop of the agent: Karaf stops on SIGTERM, exit code 0, well within the grace time;
#   6. compose down -v: no container, network or volume of the project is left.
#
#   scripts/test-docker-images.sh
#
# Uses DOCKER_HOST when it names an engine that answers, else starts scripts/docker-engine.sh in
# $DINFRA_TEST_STATE (default ~/.cache/dinfra/test-docker) and stops it on exit. Images and the
# debootstrap rootfs stay cached (in the engine's data root and ~/.cache/dinfra/docker-base):
# a second run only rebuilds what changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

START=$SECONDS
PASSED=0
pass() { PASSED=$((PASSED + 1)); echo "ok: $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

STATE="${DINFRA_TEST_STATE:-$HOME/.cache/dinfra/test-docker}"
STARTED_ENGINE=false
if [ -z "${DOCKER_HOST:-}" ] || ! timeout 20 docker info >/dev/null 2>&1; then
  eval "$("$ROOT/scripts/docker-engine.sh" start "$STATE")"
  [ "$DINFRA_DOCKER_STARTED" = 1 ] && STARTED_ENGINE=true
fi
export DOCKER_HOST
case "$DOCKER_HOST" in
  unix://*) SOCKET="${DOCKER_HOST#unix://}" ;;
  *) fail "DOCKER_HOST must be a unix socket (the agent container mounts it): $DOCKER_HOST" ;;
esac

if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
else
  dinfra_require_commands docker-compose:docker-compose
  COMPOSE=(docker-compose)
fi
PROJECT="dinfra-imgtest-$$"
compose() { "${COMPOSE[@]}" --ansi never -p "$PROJECT" -f "$ROOT/docker/compose.yaml" "$@"; }

cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "-- the agent's warnings and errors, and the last lines of the containers' logs" >&2
    [ -n "${AGENT:-}" ] && docker logs "$AGENT" 2>&1 | grep -E 'WARN|ERROR|error:' | tail -20 >&2
    compose logs --no-color --tail 30 >&2 2>&1 || true
  fi
  compose down -v --timeout 30 >/dev/null 2>&1 || true
  if $STARTED_ENGINE; then
    "$ROOT/scripts/docker-engine.sh" stop "$STATE" || true
  fi
  exit "$rc"
}
trap cleanup EXIT

# -- 1. images --
t=$SECONDS
"$ROOT/scripts/docker-base-image.sh"
echo "base image: $((SECONDS - t)) s"
t=$SECONDS
"$ROOT/scripts/docker-build-images.sh" --base dinfra/debian-base:bookworm
echo "agent and chain images: $((SECONDS - t)) s"
[ "$(docker image inspect -f '{{.Config.User}}' dinfra/agent:dev)" = dinfra ] || fail "the agent image must run as user dinfra"
pass "images built on the local base"

# -- 2. the stack --
read -r CHAIN_PORT HTTP_PORT < <(dinfra_free_ports 2)
export DINFRA_CHAIN_PORT="$CHAIN_PORT" DINFRA_AGENT_HTTP_PORT="$HTTP_PORT" DINFRA_BLOCK_TIME_MS=1000
DOCKER_GID="$(stat -c %g "$SOCKET")"
export DOCKER_SOCKET="$SOCKET" DOCKER_GID
t=$SECONDS
compose up -d
for p in "$CHAIN_PORT" "$HTTP_PORT"; do
  docker ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Ports}}' | grep -q "127.0.0.1:$p->" \
    || fail "port $p is not published on 127.0.0.1"
done
if docker ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Ports}}' | grep -q '0\.0\.0\.0\|:::'; then
  fail "a port is published on all addresses"
fi
pass "stack up (project $PROJECT), ports on 127.0.0.1 only"

container() { compose ps -q "$1"; }
CHAIN="$(container chain)"
AGENT="$(container agent)"
[ -n "$CHAIN" ] && [ -n "$AGENT" ] || fail "the chain and agent containers must exist"

# wait_for SECONDS DESCRIPTION COMMAND...: fails the test when COMMAND does not succeed in time
wait_for() {
  local limit=$1 what=$2
  shift 2
  dinfra_wait_for "$limit" "$@" || fail "$what: not within $limit s"
}
rpc() { # rpc PORT METHOD: the JSON-RPC answer over HTTP on 127.0.0.1
  curl -sf --max-time 5 -H 'content-type: application/json' \
    -d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1"
}
logs_have() { docker logs "$1" 2>&1 | grep -qF "$2"; }

# -- 3. the chain --
wait_for 120 "dev chain ready" logs_have "$CHAIN" "DINFRA dev chain ready"
[ "$(rpc "$CHAIN_PORT" system_chain)" = '{"id":1,"jsonrpc":"2.0","result":"dinfra_dev"}' ] \
  || fail "system_chain on 127.0.0.1:$CHAIN_PORT: $(rpc "$CHAIN_PORT" system_chain || true)"
pass "chain: ready, system_chain is dinfra_dev on 127.0.0.1:$CHAIN_PORT"
head_number() { rpc "$CHAIN_PORT" chain_getHeader | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p'; }
first="$(head_number)"
producing() { [ $(( $(head_number) )) -gt $(( first )) ]; }
wait_for 60 "the chain produces blocks" producing
pass "chain: produces blocks (head past $((first)))"

# -- 4. the agent --
wait_for 60 "agent provisioned" logs_have "$AGENT" "featuresBoot: added dinfra-chain, dinfra-reactor-dockercompose, dinfra-status"
pass "agent: provisioned from DINFRA_ENDPOINTS, DINFRA_REACTORS and DINFRA_BOOT_FEATURES"
mistyped="$(docker run --rm -e DINFRA_REACTORS=docker-compse dinfra/agent:dev 2>&1)" && fail "a mistyped reactor must stop the container"
grep -q "^error: no reactor 'docker-compse' in /opt/dinfra: its reactors serve .*docker-compose (dinfra-reactor-dockercompose)" <<<"$mistyped" \
  || fail "a mistyped reactor: $mistyped"
pass "agent: a mistyped reactor stops the container with one error: line naming the types it has"
wait_for 180 "DINFRA agent active" logs_have "$AGENT" "DINFRA agent active"
pass "agent: DINFRA agent active ($((SECONDS - t)) s after compose up)"
wait_for 60 "agent following ws://chain:9944" logs_have "$AGENT" "Following the chain at [ws://chain:9944]"
pass "agent: following the chain at ws://chain:9944"
health() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$HTTP_PORT/dinfra/health")" = 200 ]; }
if ! (wait_for 120 "GET /dinfra/health answering 200 on 127.0.0.1:$HTTP_PORT" health); then
  curl -s --max-time 5 "http://127.0.0.1:$HTTP_PORT/dinfra/health" >&2 || true
  fail "the agent's health"
fi
pass "agent: /dinfra/health answers 200 on 127.0.0.1:$HTTP_PORT"
healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$AGENT")" = healthy ]; }
wait_for 60 "agent container healthy" healthy
pass "agent: container healthy"
[ "$(docker exec "$AGENT" id -u)" = 10001 ] || fail "the agent must run as uid 10001"
docker exec "$AGENT" docker ps --format '{{.ID}}' --no-trunc | grep -q "^$CHAIN" \
  || fail "the agent's docker CLI must see the stack's containers through the mounted socket"
docker exec "$AGENT" docker-compose version --short >/dev/null || fail "docker-compose in the agent image"
pass "agent: uid 10001, docker CLI and Compose drive the engine through the mounted socket"

# -- 5. docker stop --
t=$SECONDS
docker stop -t 60 "$AGENT" >/dev/null
took=$((SECONDS - t))
code="$(docker inspect -f '{{.State.ExitCode}}' "$AGENT")"
[ "$code" = 0 ] || fail "the agent exited with $code on docker stop (137: killed after the grace time)"
[ "$took" -lt 50 ] || fail "docker stop of the agent took $took s"
# pax-logging, stopped last when the framework shuts down
logs_have "$AGENT" "Disabling Java Util Logging API support" || fail "Karaf did not stop its framework on SIGTERM"
pass "agent: docker stop in $took s, Karaf stopped its framework, exit code 0"

# -- 6. down --
compose down -v --timeout 30
left="$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")"
left+="$(docker network ls -q --filter "label=com.docker.compose.project=$PROJECT")"
left+="$(docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT")"
[ -z "$left" ] || fail "left after down -v: $left"
pass "compose down -v: no container, network or volume of $PROJECT left"

echo "docker images test: $((SECONDS - START)) s"
echo "docker-images: $PASSED passed, 0 failed"
