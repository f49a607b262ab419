#!/usr/bin/env bash
# Figures of the docker-compose reactor, against a real Docker engine:
#   overhead    the reactor's deploy against a bare `<compose> -p P -f F up -d` + polling
#               `docker ps` every 250 ms until the service runs (and is healthy), of the same
#               project (the Compose file the reactor writes), alternately in one run; prints
#               both medians and the ratio (target: at most 1.2);
#   concurrent  20 small deployments (one busybox httpd container each) through one reactor from
#               8 worker threads, timed until all run; then tears them down.
# Both are driven by DockerComposeBench (the reactor's test sources) with the engine that
# DOCKER_HOST names; without one, a private engine is started as the tests do
# (scripts/docker-engine.sh, state in $DINFRA_TEST_STATE or ~/.cache/dinfra/test-docker) and
# stopped afterwards. The test image is built locally (scripts/docker-test-images.sh).
#
# Usage: scripts/bench/dockercompose.sh [-n RUNS] [--plain] [-c DEPLOYMENTS] [-w WORKERS]
#   -n RUNS     overhead runs of each kind (default 5)
#   --plain     overhead without a health check (default: with a 1 s health check)
#   --settle MS the reactor's settleMillis (default 1000, as configured by default): how long a
#               container without a health check must keep running before the deploy returns
#   -c N        concurrent deployments (default 20); -w WORKERS threads (default 8)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/scripts/lib.sh"
RUNS=5
HEALTH=health
N=20
WORKERS=8
SETTLE=1000
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS="$2"; shift 2 ;;
    --plain) HEALTH=plain; shift ;;
    --settle) SETTLE="$2"; shift 2 ;;
    -c) N="$2"; shift 2 ;;
    -w) WORKERS="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

dinfra_require_java_maven
STATE="${DINFRA_TEST_STATE:-$HOME/.cache/dinfra/test-docker}"
if [ -z "${DOCKER_HOST:-}" ] || ! timeout 20 docker info >/dev/null 2>&1; then
  eval "$("$ROOT/scripts/docker-engine.sh" start "$STATE")"
  if [ "$DINFRA_DOCKER_STARTED" = 1 ]; then
    trap '"$ROOT/scripts/docker-engine.sh" stop "$STATE"' EXIT
  fi
fi
export DOCKER_HOST
"$ROOT/scripts/docker-test-images.sh" >&2

MODULE="$ROOT/bundles/reactor-dockercompose"
(cd "$ROOT" && mvn -B -q -o install -DskipTests -pl bundles/core >&2 || mvn -B -q install -DskipTests -pl bundles/core >&2)
(cd "$ROOT" && mvn -B -q test-compile -pl bundles/reactor-dockercompose \
   dependency:build-classpath -Dmdep.outputFile="$MODULE/target/bench.classpath" -Dmdep.includeScope=test >&2)
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.classpath")"
MAIN=org.dinfra.reactor.dockercompose.internal.DockerComposeBench

echo "== engine: $(docker version --format '{{.Server.Version}}') on $DOCKER_HOST; $(nproc) cores"
echo "== load before: $(cut -d" " -f1-3 /proc/loadavg) (other work on the machine distorts the figures)"
echo "== overhead: java ... $MAIN overhead $RUNS $HEALTH"
java -Ddinfra.bench.settleMillis="$SETTLE" -cp "$CP" "$MAIN" overhead "$RUNS" "$HEALTH"
echo "== concurrent: java ... $MAIN concurrent $N $WORKERS"
java -Ddinfra.bench.settleMillis="$SETTLE" -cp "$CP" "$MAIN" concurrent "$N" "$WORKERS"
echo "== load after: $(cut -d" " -f1-3 /proc/loadavg)"
