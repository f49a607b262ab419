#!/usr/bin/env bash
# Latency from the finalized-head notification to the chain tracker's `assigned` call (target
# p99 < 50 ms), on the dev chain (our runtime in Chopsticks, started here on a free port and
# stopped by pid).
#
# Usage: scripts/bench/chain-latency.sh [--subscriptions N] [--per-block K] [--submit-delay-ms D]
#                                     [--block-time-ms MS]
#   defaults: 200 subscriptions, 8 per block (sent whenever a new best block arrives, by //Alice,
#   //Charlie, //Dave, //Eve, //Ferdie in turn), a block every 500 ms (Chopsticks takes longer
#   per block under load; it then starts the next one at once), submissions 200 ms after each new
#   block (with 0 they meet the tracker's reads in Chopsticks' one thread: see ChainLatency).
#   //Bob is the provider.
# See benchmarks/src/main/java/org/dinfra/benchmarks/chain/ChainLatency.java for what is timed.
# Builds the benchmarks jar when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/bench/lib-chain.sh"

TOTAL=200
PER_BLOCK=8
BLOCK_MS=500
DELAY_MS=200
while [ $# -gt 0 ]; do
  case "$1" in
    --subscriptions) TOTAL="$2"; shift 2 ;;
    --per-block) PER_BLOCK="$2"; shift 2 ;;
    --block-time-ms) BLOCK_MS="$2"; shift 2 ;;
    --submit-delay-ms) DELAY_MS="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

bench_setup "Chain latency"
start_dev_chain "$BLOCK_MS" "$WORK/chain-latency-devchain-$STAMP.log"
# the tracker's log (slf4j-simple) goes to a file, not between the figures
java -Dorg.slf4j.simpleLogger.logFile="$WORK/chain-latency-$STAMP.log" -Dorg.slf4j.simpleLogger.showDateTime=true \
  -cp "$JAR" org.dinfra.benchmarks.chain.ChainLatency "$DEV_CHAIN_URL" "$TOTAL" "$PER_BLOCK" "$DELAY_MS"
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
