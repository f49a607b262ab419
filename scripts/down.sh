#!/usr/bin/env bash
# ./dinfra down: stops what ./dinfra up started (it cancels its subscription, waits for the
# teardown, stops the agent, the dev chain and the Docker engine it started), nothing else.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"
STATE="${DINFRA_HOME:-$HOME/.dinfra}/up"
if [ ! -f "$STATE/up.pid" ]; then
  echo "./dinfra up is not running (no $STATE/up.pid)"
  exit 0
fi
PID="$(cat "$STATE/up.pid")"
if ! kill -0 "$PID" 2>/dev/null; then
  echo "./dinfra up is not running (pid $PID is gone)"
  rm -f "$STATE/up.pid"
  exit 0
fi
echo "Stopping ./dinfra up (pid $PID) ..."
# SIGTERM only: ./dinfra up then cancels, waits for the teardown and stops what it started
kill -TERM "$PID"
gone() { ! kill -0 "$1" 2>/dev/null; }
if dinfra_wait_for --every 0.5 120 gone "$PID"; then
  echo "Stopped."
  exit 0
fi
echo "error: ./dinfra up (pid $PID) did not stop within 120 s" >&2
exit 1
