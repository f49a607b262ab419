#!/usr/bin/env bash
# Event decoding throughput: our Events.decode (JMH) against polkadot.js on the SAME bytes.
#
# Usage: scripts/bench/chain-events.sh [--events N] [--quick] [-- more JMH options]
#   --events N  the blob has at least N event records (default 500): the recorded System.Events
#               of our runtime (bundles/chain/src/test/resources/vectors/events.json) concatenated
#               and repeated behind one compact count (org.dinfra.benchmarks.chain.EventsBlob)
#   --quick     fewer/shorter iterations (a smoke test)
# Java: benchmarks/src/main/java/org/dinfra/benchmarks/chain/EventsDecodeBenchmark.java (JMH
# throughput, one op = the whole blob decoded to EventRecords with full Value trees).
# polkadot.js: scripts/vectors/chain/bench-events.mjs (@polkadot/types 16.5.6, registry from the
# same metadata, the System.Events storage type, every decoded codec object walked; also once
# without the walk). Both run one after the other, not at the same time, and both print the
# blob's SHA-256. Needs `npm ci` in scripts/vectors/chain; builds the benchmarks jar when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VECTORS="$ROOT/bundles/chain/src/test/resources/vectors"
JS="$ROOT/scripts/vectors/chain"
source "$ROOT/scripts/bench/lib-chain.sh"

EVENTS=500
JMH=(-f 1 -wi 5 -w 2 -i 5 -r 2)
NODE=(--warmup 10 --seconds 2 --rounds 5)
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --quick) JMH=(-f 1 -wi 2 -w 1 -i 3 -r 1); NODE=(--warmup 3 --seconds 1 --rounds 3); shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ ! -d "$JS/node_modules/@polkadot/types" ]; then
  echo "error: polkadot.js is not installed: cd scripts/vectors/chain && npm ci" >&2
  exit 1
fi

bench_setup "Event decoding"
BLOB="$WORK/events-$EVENTS.blob"
OUT="$WORK/chain-events-$STAMP.txt"
BLOB_INFO="$(java -cp "$JAR" org.dinfra.benchmarks.chain.EventsBlob "$VECTORS/events.json" "$EVENTS" "$BLOB")"
echo "blob        $BLOB_INFO" >&2
N="$(echo "$BLOB_INFO" | awk '{print $2}')"

echo "JMH (${JMH[*]}) -> $OUT" >&2
java -jar "$JAR" EventsDecodeBenchmark -bm thrpt -tu s "${JMH[@]}" \
  -p "blob=$BLOB" -p "metadata=$VECTORS/metadata-dinfra-v15.scale" "$@" >"$OUT" 2>&1 || { tail -40 "$OUT" >&2; exit 1; }
if grep -qE '^<forked VM failed|^<failure>' "$OUT"; then
  grep -m1 -A12 -E '^<forked VM failed|^<failure>' "$OUT" >&2
  exit 1
fi
grep -m1 -o '\[blob\].*' "$OUT" | sed 's/^/java        /' >&2
OPS="$(awk '/^EventsDecodeBenchmark.decode/ { for (i = 1; i <= NF; i++) if ($i == "thrpt") { print $(i + 2); exit } }' "$OUT")"
OPS_ERR="$(awk '/^EventsDecodeBenchmark.decode/ { for (i = 1; i <= NF; i++) if ($i == "thrpt") { print $(i + 4); exit } }' "$OUT")"

run_js() {
  (cd "$JS" && node bench-events.mjs "$VECTORS/metadata-dinfra-v15.scale" "$BLOB" "${NODE[@]}" --mode "$1") >"$WORK/chain-events-js-$1-$STAMP.txt" 2>&1 || {
    cat "$WORK/chain-events-js-$1-$STAMP.txt" >&2; exit 1; }
  grep -m1 '^\[blob\]' "$WORK/chain-events-js-$1-$STAMP.txt" | sed 's/^/polkadot.js /' >&2
  awk '/^result / { print $2 }' "$WORK/chain-events-js-$1-$STAMP.txt"
}
echo "polkadot.js (${NODE[*]})" >&2
JS_WALK="$(run_js walk)"
JS_DECODE="$(run_js decode)"
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
awk -v n="$N" -v ops="$OPS" -v err="$OPS_ERR" -v walk="$JS_WALK" -v dec="$JS_DECODE" 'BEGIN {
  java = ops * n
  printf "blob: %d events\n", n
  printf "%-48s %14s %8s\n", "decoder", "events/s", "Java x"
  printf "%-48s %14.0f %8s\n", "Java Events.decode (JMH, +- " sprintf("%.0f", err * n) ")", java, "1.0"
  printf "%-48s %14.0f %8.1f\n", "polkadot.js createType + walk of every object", walk, java / walk
  printf "%-48s %14.0f %8.1f\n", "polkadot.js createType only", dec, java / dec
}'
