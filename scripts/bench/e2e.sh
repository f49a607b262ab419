#!/usr/bin/env bash
# End-to-end figures of the agent on the dev chain (issue 9): assignment-finalized -> deploy-started
# and cancel-finalized -> teardown-started latency (p50, p90, p99), agent start time and resident
# memory, with N subscriptions (default 240) from three consumers, on the real distribution with the
# test reactor (the agent's latency, not a reactor's).
#   scripts/bench/e2e.sh [N] [BLOCK_MS]     (defaults 240 1000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/scripts/lib.sh"
dinfra_require_java_maven
N="${1:-240}"
BLOCK_MS="${2:-1000}"
"$ROOT/parachain/scripts/build-runtime.sh" >/dev/null
cd "$ROOT"
mvn -B -q install -DskipTests -pl itests/karaf -am
mvn -B verify -pl itests/karaf -Dit.test=EndToEndBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddinfra.bench.subscriptions="$N" -Ddinfra.bench.blockMs="$BLOCK_MS" -DtrimStackTrace=false >"$ROOT/itests/karaf/target/e2e-bench.log" 2>&1 \
  || { tail -40 "$ROOT/itests/karaf/target/e2e-bench.log" >&2; exit 1; }
sed -n '/DINFRA end-to-end figures/,/resident memory/p' "$ROOT/itests/karaf/target/failsafe-reports/org.dinfra.itest.EndToEndBenchmark-output.txt"
