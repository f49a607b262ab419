#!/usr/bin/env bash
# Starts the dev chain on a free port with a short block time, runs the @polkadot/api smoke
# test against it and stops the chain by pid.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SPEC="$("$PARACHAIN_DIR/scripts/build-runtime.sh" | sed -n 's/^DINFRA_CHAIN_SPEC=//p')"
PORT="$(dinfra_free_ports)"
LOG="$(mktemp -d)/dev-chain.log"
: >"$LOG"
node "$CHAIN_DIR/dev-chain.mjs" --spec "$SPEC" --port "$PORT" --block-time-ms 500 >"$LOG" 2>&1 &
CHAIN_PID=$!
stop_chain() {
	dinfra_stop_pid "$CHAIN_PID" 10
}
trap stop_chain EXIT

log "dev chain pid $CHAIN_PID on 127.0.0.1:$PORT (log $LOG)"
rc=0
dinfra_wait_for --every 0.5 --alive "$CHAIN_PID" 120 grep -q "dev chain ready" "$LOG" || rc=$?
case "$rc" in
	0) ;;
	2) cat "$LOG" >&2; log "the dev chain exited"; exit 1 ;;
	*) tail -50 "$LOG" >&2; log "the dev chain did not start"; exit 1 ;;
esac

cd "$CHAIN_DIR"
DINFRA_WS="ws://127.0.0.1:$PORT" node --test --test-reporter=spec smoke.test.mjs
