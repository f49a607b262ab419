# Sourced by scripts/bench/chain-*.sh (after setting ROOT):
#   bench_setup <name>                           builds the benchmarks jar when missing, sets JAR,
#                                                WORK (benchmarks/target/bench-tmp), STAMP, and
#                                                prints the CPU count and load
#   start_dev_chain <block time ms> <log file>   starts the dev chain (parachain/scripts/chain.sh,
#                                                our runtime in Chopsticks) on a free port of
#                                                127.0.0.1, stopped by its pid when the script
#                                                exits; sets DEV_CHAIN_URL and DEV_CHAIN_PID
# shellcheck source=../lib.sh
source "$ROOT/scripts/lib.sh"

bench_setup() {
  JAR="$ROOT/benchmarks/target/dinfra-benchmarks.jar"
  WORK="$ROOT/benchmarks/target/bench-tmp"
  if [ ! -f "$JAR" ]; then
    echo "Building $JAR ..." >&2
    (cd "$ROOT" && mvn -B -q -pl benchmarks -am install -DskipTests) >&2
  fi
  mkdir -p "$WORK"
  STAMP="$(date +%Y%m%d-%H%M%S)-$$"
  echo "$1, $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

stop_dev_chain() {
  if [ -n "${DEV_CHAIN_PID:-}" ] && kill -0 "$DEV_CHAIN_PID" 2>/dev/null; then
    dinfra_stop_pid "$DEV_CHAIN_PID" 10
    echo "dev chain (pid $DEV_CHAIN_PID) stopped" >&2
  fi
  DEV_CHAIN_PID=
}

start_dev_chain() {
  local block_ms="$1" log="$2" port rc=0
  port="$(dinfra_free_ports)"
  # chain.sh execs node: the pid is the chain's own
  "$ROOT/parachain/scripts/chain.sh" --port "$port" --block-time-ms "$block_ms" >"$log" 2>&1 &
  DEV_CHAIN_PID=$!
  trap stop_dev_chain EXIT
  trap 'exit 130' INT TERM
  dinfra_wait_for --every 0.2 --alive "$DEV_CHAIN_PID" 120 grep -q "dev chain ready" "$log" || rc=$?
  case "$rc" in
    0)
      DEV_CHAIN_URL="ws://127.0.0.1:$port"
      echo "dev chain ready at $DEV_CHAIN_URL (pid $DEV_CHAIN_PID, a block every $block_ms ms)" >&2
      ;;
    2)
      echo "error: the dev chain did not start:" >&2
      tail -20 "$log" >&2
      return 1
      ;;
    *)
      echo "error: the dev chain was not ready within 120 s (log: $log)" >&2
      return 1
      ;;
  esac
}
