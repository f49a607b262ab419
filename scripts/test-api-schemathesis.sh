#!/usr/bin/env bash
# Tests the Chain Reactor API document (api/chain-reactor-api.yaml) against the example external
# reactor (examples/reactor-python) with schemathesis, as a plugin author generating stubs would:
#   - installs schemathesis (pinned) into ~/.cache/dinfra/venv-schemathesis;
#   - starts the example on a free port of 127.0.0.1 with a fresh state directory and token;
#   - runs every schemathesis check with the settings of api/schemathesis.toml (fixed seed, at
#     most 50 cases per operation and phase; about 15 s);
#   - stops the example by its pid, and fails when schemathesis found anything.
# Needs python3 with venv (scripts/test-env.sh installs it) and Maven for the example's stubs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"
dinfra_require_commands curl:curl
SCHEMATHESIS_VERSION=4.32.5
CACHE="${DINFRA_CACHE:-$HOME/.cache/dinfra}"
VENV="$CACHE/venv-schemathesis"

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -qx "schemathesis, version $SCHEMATHESIS_VERSION"; then
  echo "== schemathesis $SCHEMATHESIS_VERSION into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
# the example's venv and generated stubs, before it is started (so that its pid is the server's)
"$ROOT/examples/reactor-python/run.sh" --help >/dev/null

WORK="$(mktemp -d)"
REACTOR_PID=""
stop_reactor() {
  [ -z "$REACTOR_PID" ] || dinfra_stop_pid "$REACTOR_PID" 10
  REACTOR_PID=""
}
trap 'stop_reactor; rm -rf "$WORK"' EXIT

head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$WORK/token"
PORT="$(dinfra_free_ports)"
# --teardown-delay 0: DELETE answers 204 and the deployment is gone at once, as schemathesis'
# use-after-free check expects (a 202 while tearing down is the other answer the document allows).
"$ROOT/examples/reactor-python/run.sh" --port "$PORT" --token-file "$WORK/token" --state-dir "$WORK/state" \
  --teardown-delay 0 >"$WORK/reactor.log" 2>&1 &
REACTOR_PID=$!
if ! dinfra_wait_for --every 0.2 --alive "$REACTOR_PID" 60 curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/v1/health"; then
  echo "the example reactor did not answer on 127.0.0.1:$PORT within 60 s:" >&2
  cat "$WORK/reactor.log" >&2
  exit 1
fi

echo "== schemathesis $SCHEMATHESIS_VERSION: api/chain-reactor-api.yaml against examples/reactor-python"
status=0
(cd "$WORK" && "$VENV/bin/schemathesis" --no-color --config-file "$ROOT/api/schemathesis.toml" \
  run "$ROOT/api/chain-reactor-api.yaml" --url "http://127.0.0.1:$PORT/v1" \
  -H "Authorization: Bearer $(cat "$WORK/token")") || status=$?
stop_reactor
if [ "$status" -ne 0 ]; then
  echo "schemathesis found failures (exit $status); the reactor's log:" >&2
  cat "$WORK/reactor.log" >&2
fi
exit "$status"
