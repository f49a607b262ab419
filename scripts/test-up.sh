#!/usr/bin/env bash
# Tests ./dinfra up and ./dinfra down on the dev stack: up in the foreground reaches "DINFRA is up"
# with the example web deployment answering on 127.0.0.1:20080, reported Deployed on chain; down
# (from another process, as a user would in another terminal) cancels the subscription, and leaves
# no agent, chain or compose project behind. Uses the Docker engine of DOCKER_HOST (scripts/test-env.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dinfra-test-up.XXXXXX")"
export DINFRA_HOME="$WORK/home"
PORT="$(dinfra_free_ports 1 30000 32767)"
fail() { echo "test-up: FAIL: $*" >&2; [ -f "$WORK/up.out" ] && tail -40 "$WORK/up.out" >&2; exit 1; }
cleanup() { "$ROOT/dinfra" down >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
# the checks after down ask this engine: without one they would pass on nothing
timeout 20 docker info >/dev/null 2>&1 || fail "no Docker engine answers at ${DOCKER_HOST:-the default socket} (source scripts/test-env.sh)"

start=$SECONDS
# a process of its own, not a background job of this script (those ignore SIGINT)
python3 - "$ROOT/dinfra" "$PORT" "$WORK/up.out" <<'PY' &
import subprocess, sys
with open(sys.argv[3], "w") as out:
    sys.exit(subprocess.call([sys.argv[1], "up", "--port", sys.argv[2], "--block-time-ms", "1000"], stdout=out, stderr=subprocess.STDOUT))
PY
UP=$!
rc=0
dinfra_wait_for --every 2 --alive "$UP" 900 grep -q "DINFRA is up" "$WORK/up.out" || rc=$?
case "$rc" in
  0) ;;
  2) fail "./dinfra up exited before it was up" ;;
  *) fail "not up within 900 s" ;;
esac
echo "test-up: up in $((SECONDS - start)) s"
grep -q "hello from a DINFRA deployment" "$WORK/up.out" || fail "the page was not shown"
[ "$(curl -fsS http://127.0.0.1:20080/)" = "hello from a DINFRA deployment" ] || fail "the deployment does not answer"
"$ROOT/dinfra" subscriptions --suri //Charlie --endpoint "ws://127.0.0.1:$PORT" --json | grep -q '"status":"Deployed"' \
  || fail "the subscription is not Deployed on chain"
STATE="$DINFRA_HOME/up"

"$ROOT/dinfra" down
wait "$UP" || true
grep -q "Stopped." "$WORK/up.out" || fail "up did not report stopping"
grep -q "cancelled subscription" "$STATE/cancel.log" || fail "the subscription was not cancelled"
if pgrep -f "$DINFRA_HOME" >/dev/null; then
  pgrep -af "$DINFRA_HOME" >&2
  fail "processes of this run are left"
fi
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && fail "the dev chain still listens on $PORT"
[ -z "$(docker ps -aq --filter label=com.docker.compose.project=dinfra-0)" ] || fail "containers of the compose project are left"
[ -z "$(docker network ls -q --filter label=com.docker.compose.project=dinfra-0)" ] || fail "the compose project's network is left"
curl -fsS -m 3 http://127.0.0.1:20080/ >/dev/null 2>&1 && fail "the deployment still answers"
echo "test-up: ok ($((SECONDS - start)) s)"
