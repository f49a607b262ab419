#!/usr/bin/env bash
# Starts the dev chain on a free port with a short block time, runs the @polkadot/api smoke
# test against it and stops the chain by pid.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SPEC="$("$PARACHAIN_DIR/scripts/build-runtime.sh" | sed -n 's/^DINFRA_CHAIN_SPEC=//p')"
PORT="$(free_port)"
LOG="$(mktemp -d)/dev-chain.log"
: >"$LOG"
node "$CHAIN_DIR/dev-chain.mjs" --spec "$SPEC" --port "$PORT" --block-time-ms 500 >"$LOG" 2>&1 &
CHAIN_PID=$!
stop_chain() {
	if kill -0 "$CHAIN_PID" 2>/dev/null; then
		kill -TERM "$CHAIN_PID" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$CHAIN_PID" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$CHAIN_PID" 2>/dev/null || true
	fi
	wait "$CHAIN_PID" 2>/dev/null || true
}
trap stop_chain EXIT

log "dev chain pid $CHAIN_PID on 127.0.0.1:$PORT (log $LOG)"
for _ in $(seq 240); do
	grep -q "dev chain ready" "$LOG" && break
	kill -0 "$CHAIN_PID" 2>/dev/null || { cat "$LOG" >&2; log "the dev chain exited"; exit 1; }
	sleep 0.5
done
grep -q "dev chain ready" "$LOG" || { tail -50 "$LOG" >&2; log "the dev chain did not start"; exit 1; }

cd "$CHAIN_DIR"
DINFRA_WS="ws://127.0.0.1:$PORT" node --test --test-reporter=spec smoke.test.mjs
