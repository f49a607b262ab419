#!/usr/bin/env bash
# Start-up of the chain tracker with 10,000 subscriptions assigned to the provider (target: the
# desired state, i.e. the snapshot, rebuilt in under 10 s), on the dev chain (our runtime in
# Chopsticks, started here on a free port and stopped by pid).
#
# Usage: scripts/bench/chain-startup.sh [--subscriptions N] [--runs R] [--block-time-ms MS]
#   defaults: 10000 subscriptions, 2 runs, a block every 3600000 ms (i.e. none during the run:
#   after dev_setStorage of 20,000 entries Chopsticks needs minutes to build the next block, in its
#   one JS thread, answering no RPC meanwhile; the figure is about reading the state, not blocks)
# Seeds N live subscriptions of //Bob with Chopsticks' dev_setStorage (Subscriptions(id) encoded
# with our codec, SubscriptionsByProvider(bob, id), NextSubscriptionId), then runs R times a fresh
# JVM with a new ChainTracker (empty checkpoint) and times watch() -> snapshot of N assignments,
# and (first run only) the split of the same reads (key paging / value queries / decode).
# The benchmark's RpcClient pings every 300 s (not 10 s): Chopsticks' state_getKeysPaged walks its
# in-memory storage layers linearly for every key, in its one JS thread, so at 10,000 keys one page
# of 1000 keys blocks it (no pong) for longer than the default interval.
# See benchmarks/src/main/java/org/dinfra/benchmarks/chain/ChainStartup.java.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/bench/lib-chain.sh"

TOTAL=10000
RUNS=2
BLOCK_MS=3600000
while [ $# -gt 0 ]; do
  case "$1" in
    --subscriptions) TOTAL="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --block-time-ms) BLOCK_MS="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

bench_setup "Chain tracker start-up"
LOG="$WORK/chain-startup-$STAMP.log"
start_dev_chain "$BLOCK_MS" "$WORK/chain-startup-devchain-$STAMP.log"
run() {
  java -Dorg.slf4j.simpleLogger.logFile="$LOG" -Dorg.slf4j.simpleLogger.showDateTime=true \
    -cp "$JAR" org.dinfra.benchmarks.chain.ChainStartup "$@"
}
run seed "$DEV_CHAIN_URL" "$TOTAL"
for i in $(seq 1 "$RUNS"); do
  echo "run $i (load $(cut -d' ' -f1 /proc/loadavg)):"
  SPLIT=; [ "$i" = 1 ] && SPLIT=split
  run measure "$DEV_CHAIN_URL" "$TOTAL" $SPLIT | sed 's/^/  /'
done
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
