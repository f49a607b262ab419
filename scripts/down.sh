#!/usr/bin/env bash
# ./dinfra down: stops what ./dinfra up started (it cancels its subscription, waits for the
# teardown, stops the agent, the dev chain and the Docker engine it started), nothing else.
set -euo pipefail
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
kill -TERM "$PID"
for _ in $(seq 1 240); do
  kill -0 "$PID" 2>/dev/null || { echo "Stopped."; exit 0; }
  sleep 0.5
done
echo "error: ./dinfra up (pid $PID) did not stop within 120 s" >&2
exit 1
