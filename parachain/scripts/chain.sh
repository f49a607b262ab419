#!/usr/bin/env bash
# Builds what is missing and serves the runtime with Chopsticks on 127.0.0.1 in the foreground
# until interrupted.  Usage: chain.sh [--port P] [--block-time-ms N] [--db FILE]  (defaults 9944, 6000,
# in memory). With --db the chain is kept in that SQLite file and a restart resumes from its latest block.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=9944
BLOCK_TIME_MS=6000
DB=()
while [ $# -gt 0 ]; do
	case "$1" in
		--port) PORT="$2"; shift 2 ;;
		--port=*) PORT="${1#*=}"; shift ;;
		--block-time-ms) BLOCK_TIME_MS="$2"; shift 2 ;;
		--block-time-ms=*) BLOCK_TIME_MS="${1#*=}"; shift ;;
		--db) DB=(--db "$2"); shift 2 ;;
		--db=*) DB=(--db "${1#*=}"); shift ;;
		-h|--help) echo "usage: $0 [--port P] [--block-time-ms N] [--db FILE]"; exit 0 ;;
		*) echo "unknown argument: $1" >&2; exit 2 ;;
	esac
done

SPEC="$("$PARACHAIN_DIR/scripts/build-runtime.sh" | sed -n 's/^DINFRA_CHAIN_SPEC=//p')"
# exec: the signals reach node directly, which stops Chopsticks and exits.
exec node "$CHAIN_DIR/dev-chain.mjs" --spec "$SPEC" --port "$PORT" --block-time-ms "$BLOCK_TIME_MS" "${DB[@]}"
