#!/usr/bin/env bash
# Reconciler benchmark: a fresh agent reconciles a snapshot of 10,000 assignments against an
# in-memory reactor until all are RUNNING and reported (JMH, single shot; see
# benchmarks/src/main/java/org/dinfra/benchmarks/ReconcilerBenchmark.java and README.md).
#
# Usage: scripts/bench/reconciler.sh [options] [-- more JMH options]
#   (default)     steady state: one JVM, 5 warm-up invocations, then 5 measured ones
#                 (-f 1 -wi 5 -i 5 -bm ss), journal fsync on and off, 8 workers
#   --cold        each measured invocation in a fresh JVM (-f 5 -wi 0 -i 1): the agent's first
#                 snapshot right after it starts, JIT not yet warm
#   --agent-jvm   run the benchmark JVM with the distribution's flags (karaf-distro's bin/setenv:
#                 -Xmx, GC, JIT), as the agent runs in Karaf
#   --heap        print the heap retained after each invocation (after System.gc())
#   --profile     add JMH's stack sampler (-prof stack) and a JFR recording in target/bench-jfr
#   --quick       -wi 2 -i 3 (a smoke test; figures still warming up)
#   --core-classes DIR  put DIR (compiled dinfra-core classes, e.g. of a patched copy) before the
#                 jar's own copy of dinfra-core on the class path: measures a core change without
#                 installing it (README.md, "Trying a core change")
# JMH options after -- are passed on, e.g. -- -p fsync=true -p workers=4,8,16 -p log=warn.
# Builds benchmarks/target/dinfra-benchmarks.jar when it is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/benchmarks/target/dinfra-benchmarks.jar"
SETENV="$ROOT/karaf-distro/src/main/assembly/bin/setenv"
WORK="$ROOT/benchmarks/target/bench-tmp"

RUN=(-f 1 -wi 5 -i 5)
JVM=()
PROF=()
CP="$JAR"
MODE="steady state (-f 1 -wi 5 -i 5)"
while [ $# -gt 0 ]; do
  case "$1" in
    --cold) RUN=(-f 5 -wi 0 -i 1); MODE="cold JVM (-f 5 -wi 0 -i 1)"; shift ;;
    --quick) RUN=(-f 1 -wi 2 -i 3); MODE="quick (-f 1 -wi 2 -i 3)"; shift ;;
    --agent-jvm)
      # The flags bin/setenv gives the agent, the environment's overrides included.
      AGENT_OPTS="$(unset DINFRA_SETENV_DONE EXTRA_JAVA_OPTS; . "$SETENV"; echo "$EXTRA_JAVA_OPTS")"
      # JMH takes one JVM option per -jvmArgsAppend.
      for opt in $AGENT_OPTS; do
        JVM+=(-jvmArgsAppend "$opt")
      done
      shift ;;
    --heap) JVM+=(-jvmArgsAppend -Ddinfra.bench.heap=true); shift ;;
    --profile)
      PROF=(-prof "stack:lines=4;top=15;period=5" -prof "jfr:dir=$ROOT/benchmarks/target/bench-jfr")
      shift ;;
    --core-classes) CP="$(cd "$2" && pwd):$JAR"; CORE_NOTE="dinfra-core classes from $2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ ! -f "$JAR" ]; then
  echo "Building $JAR ..." >&2
  (cd "$ROOT" && mvn -B -q -pl benchmarks install -DskipTests) >&2 || {
    echo "Build failed; when dinfra-core is not in the local repository, run first:" >&2
    echo "  mvn -B -q install -DskipTests -pl karaf-distro -am" >&2
    exit 1
  }
fi

mkdir -p "$WORK"
OUT="$WORK/reconciler-$(date +%Y%m%d-%H%M%S)-$$.txt"
echo "Reconciler benchmark, $MODE; $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
[ -n "${AGENT_OPTS:-}" ] && echo "Benchmark JVM with the agent's flags: $AGENT_OPTS" >&2
[ -n "${CORE_NOTE:-}" ] && echo "Using $CORE_NOTE" >&2
echo "Full JMH output: $OUT" >&2

# Journals and the agent's INFO log (benchmarks/target/bench-tmp/reconciler-bench.log) go to
# the project's disk, so that fsync costs what it costs there.
# Parameters given after -- replace these defaults (JMH adds up repeated -p options).
PARAMS=()
case " $* " in *" -p fsync="*) ;; *) PARAMS+=(-p fsync=true,false) ;; esac
case " $* " in *" -p workers="*) ;; *) PARAMS+=(-p workers=8) ;; esac
java -cp "$CP" org.openjdk.jmh.Main ReconcilerBenchmark -bm ss -tu ms \
  ${PARAMS[@]+"${PARAMS[@]}"} \
  "${RUN[@]}" \
  -jvmArgsAppend "-Ddinfra.bench.dir=$WORK" \
  ${JVM[@]+"${JVM[@]}"} ${PROF[@]+"${PROF[@]}"} "$@" >"$OUT" 2>&1 || {
  tail -40 "$OUT" >&2
  exit 1
}
# JMH exits 0 when a forked JVM fails or the benchmark throws.
if grep -qE '^<forked VM failed|^<failure>' "$OUT"; then
  grep -m1 -A12 -E '^<forked VM failed|^<failure>' "$OUT" >&2
  echo "Benchmark failed; see $OUT" >&2
  exit 1
fi

echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
grep -E '^\[heap\]' "$OUT" | sort | uniq -c | sed 's/^/  /' || true
echo
# Every measured invocation: wall time and the JVM's CPU time during it (the benchmark prints
# "[cpu] <ms>"), then JMH's summary (Score = mean wall ms per 10,000-deployment snapshot).
awk '/^# Parameters:/ { p = $0; sub(/^# Parameters: \(deployments = [0-9]+, /, "", p); sub(/\)$/, "", p) }
     /^# Warmup Iteration/ { meas = 0 }
     /^Iteration +[0-9]+:/ { meas = 1 }
     /^Result / { meas = 0 }
     meas && /^\[cpu\]/ { cpu[p] = cpu[p] " " $2 }
     meas && / ms\/op$/ { n = split($0, f, " "); wall[p] = wall[p] " " int(f[n - 1] + 0.5) }
     END { for (k in wall) printf "%-34s wall ms:%s | cpu ms:%s\n", k, wall[k], cpu[k] }' "$OUT" | sort
echo
sed -n '/^Benchmark /,$p' "$OUT"
