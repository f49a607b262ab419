#!/usr/bin/env bash
# Startup benchmark of the DINFRA agent distribution (karaf-distro/target/assembly).
#
# Each run copies the distribution to a temporary directory (leaving out runtime state: data/,
# instances/, lock), moves its listening ports off the defaults, and boots it twice with
# `bin/karaf server`:
#   first  a fresh copy: Karaf resolves and installs the boot features;
#   warm   the same copy again: bundles come from data/cache.
# For each boot it measures the wall time from starting bin/karaf to the log line
# "DINFRA agent active" (logger org.dinfra.core.internal.Agent), the JVM's resident set size
# (ps -o rss) at that moment and after an idle period, then stops the JVM by its pid.
#
# Usage: scripts/bench/startup.sh [options]
#   -n RUNS        runs (default 3); the summary gives min and median
#   -i SECONDS     idle period before the second RSS reading (default 30)
#   -t SECONDS     give up waiting for the log line after this long (default 180)
#   --stock-jvm    replace bin/setenv in the copy by an empty one: Karaf's default JVM options
#   --setenv FILE  use FILE as bin/setenv in the copy (e.g. karaf-distro/src/main/assembly/bin/setenv
#                  before the distribution is rebuilt)
#   --jvm-details  after the idle reading, print heap/metaspace use (jcmd) of each boot
#   --nmt          start the JVM with -XX:NativeMemoryTracking=summary and print its summary
#                  (NMT itself costs a little memory and time: do not compare those figures)
#   --keep         keep the temporary copies (their paths are printed)
# The environment reaches bin/karaf unchanged: JAVA_MIN_MEM, JAVA_MAX_MEM, DINFRA_JAVA_OPTS,
# EXTRA_JAVA_OPTS, ... override bin/setenv as they do in production.
# Builds nothing, except the distribution when it is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/scripts/lib.sh"
DIST="$ROOT/karaf-distro/target/assembly"
MARKER="DINFRA agent active"
RUNS=3
IDLE=30
TIMEOUT=180
STOCK=false
SETENV=""
DETAILS=false
NMT=false
KEEP=false

while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS="$2"; shift 2 ;;
    -i) IDLE="$2"; shift 2 ;;
    -t) TIMEOUT="$2"; shift 2 ;;
    --stock-jvm) STOCK=true; shift ;;
    --setenv) SETENV="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --jvm-details) DETAILS=true; shift ;;
    --nmt) NMT=true; DETAILS=true; shift ;;
    --keep) KEEP=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ ! -x "$DIST/bin/karaf" ]; then
  echo "No distribution at $DIST: building it" >&2
  (cd "$ROOT" && mvn -B -q install -DskipTests -pl karaf-distro -am) >&2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/dinfra-startup.XXXXXX")"
JAVA_PID=""
SHELL_PID=""

# Stops bin/karaf and the JVM we started (by pid): SIGTERM, then SIGKILL after 30 s.
stop_karaf() {
  if [ -n "$SHELL_PID" ]; then
    dinfra_stop_pid "$SHELL_PID" 30
  fi
  JAVA_PID=""
  SHELL_PID=""
}

cleanup() {
  stop_karaf
  if $KEEP; then
    echo "Copies kept in $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# set_prop FILE KEY VALUE: sets KEY in a Karaf .cfg (uncommenting it, or appending it).
set_prop() {
  local file="$1" key="$2" value="$3"
  if grep -qE "^[[:space:]]*#?[[:space:]]*${key}[[:space:]]*=" "$file"; then
    sed -i -E "s|^[[:space:]]*#?[[:space:]]*${key}[[:space:]]*=.*|${key} = ${value}|" "$file"
  else
    printf '%s = %s\n' "$key" "$value" >>"$file"
  fi
}

now_ms() { date +%s%3N; }

# Milliseconds since the epoch of a karaf.log line ("2025-11-24T06:50:01,123 | INFO | ..."),
# or nothing when it cannot be read.
log_line_ms() {
  local ts="${1%% |*}"
  ts="${ts/T/ }"
  ts="${ts/,/.}"
  date -d "$ts" +%s%3N 2>/dev/null || true
}

rss_mb() {
  local kb
  kb="$(ps -o rss= -p "$1" 2>/dev/null | tr -d ' ')"
  [ -n "$kb" ] && echo $(((kb + 512) / 1024)) || echo "-"
}

# boot HOME LABEL: boots the copy, appends "LABEL ms rss_active rss_idle" to $RESULTS.
boot() {
  local home="$1" label="$2"
  local log="$home/data/log/karaf.log"
  local before=0
  [ -f "$log" ] && before="$(wc -l <"$log")"
  local extra="${EXTRA_JAVA_OPTS:-}"
  if $NMT; then
    extra="$extra -XX:NativeMemoryTracking=summary"
  fi

  local t0 t1 line="" ms
  t0="$(now_ms)"
  EXTRA_JAVA_OPTS="$extra" "$home/bin/karaf" server >>"$home/console.out" 2>&1 &
  SHELL_PID=$!
  local deadline=$((t0 + TIMEOUT * 1000))
  while :; do
    if [ -z "$JAVA_PID" ]; then
      # bin/karaf also runs `java -version` first: look for the Karaf main class only.
      JAVA_PID="$(pgrep -P "$SHELL_PID" -f org.apache.karaf.main.Main 2>/dev/null | head -1 || true)"
    fi
    if [ -f "$log" ]; then
      line="$(tail -n "+$((before + 1))" "$log" | grep -m1 -F "$MARKER" || true)"
      [ -n "$line" ] && break
    fi
    if ! kill -0 "$SHELL_PID" 2>/dev/null; then
      echo "Karaf exited before \"$MARKER\"; see $home/console.out and $log" >&2
      KEEP=true
      exit 1
    fi
    if [ "$(now_ms)" -gt "$deadline" ]; then
      echo "No \"$MARKER\" within $TIMEOUT s; see $log" >&2
      KEEP=true
      exit 1
    fi
    sleep 0.05
  done
  t1="$(now_ms)"
  if [ -z "$JAVA_PID" ]; then
    JAVA_PID="$(pgrep -P "$SHELL_PID" -f org.apache.karaf.main.Main | head -1)"
  fi
  local rss_active
  rss_active="$(rss_mb "$JAVA_PID")"
  # The log line's own time stamp is more precise than this loop's 50 ms polling.
  local logged
  logged="$(log_line_ms "$line")"
  if [ -n "$logged" ] && [ "$logged" -ge "$t0" ] && [ "$logged" -le "$t1" ]; then
    ms=$((logged - t0))
  else
    ms=$((t1 - t0))
  fi

  sleep "$IDLE"
  local rss_idle
  rss_idle="$(rss_mb "$JAVA_PID")"
  if $DETAILS; then
    {
      echo "--- $label boot, JVM $JAVA_PID"
      jcmd "$JAVA_PID" VM.flags 2>/dev/null | tr ' ' '\n' \
        | grep -E 'Use.*GC$|MaxHeapSize|InitialHeapSize|MaxMetaspaceSize|TieredStopAtLevel|ReservedCodeCacheSize' \
        | tr '\n' ' ' || true
      echo
      jcmd "$JAVA_PID" GC.heap_info 2>/dev/null | sed -n '2,$p' || true
      if $NMT; then
        jcmd "$JAVA_PID" VM.native_memory summary 2>/dev/null | grep -E '^(Total|-)' | sed 's/^/  /' || true
      fi
    } >&2
  fi
  stop_karaf
  echo "$label $ms $rss_active $rss_idle" >>"$RESULTS"
}

RESULTS="$WORK/results"
: >"$RESULTS"
echo "Distribution: $DIST" >&2
if $STOCK; then
  jvm_settings="stock Karaf JVM options"
elif [ -n "$SETENV" ]; then
  jvm_settings="bin/setenv from $SETENV"
else
  jvm_settings="bin/setenv of the distribution"
fi
for v in JAVA_MIN_MEM JAVA_MAX_MEM DINFRA_JAVA_OPTS MALLOC_ARENA_MAX JAVA_OPTS EXTRA_JAVA_OPTS; do
  if [ -n "${!v+set}" ]; then
    jvm_settings="$jvm_settings; $v='${!v}'"
  fi
done
echo "JVM: $(java -version 2>&1 | head -1); $(nproc) CPUs; $jvm_settings" >&2
echo "Load before: $(uptime | sed 's/.*load average: //')" >&2

for run in $(seq 1 "$RUNS"); do
  home="$WORK/run$run"
  # The distribution as built: without the runtime state of anyone who ran Karaf in place
  # (data/ with its bundle cache, instances/, lock, karaf.pid), so that the first boot is one.
  mkdir -p "$home/data/tmp"
  tar -C "$DIST" --exclude=./data --exclude=./instances --exclude=./lock --exclude=./karaf.pid -cf - . \
    | tar -C "$home" -xf -
  read -r ssh_port rmi_registry_port rmi_server_port < <(dinfra_free_ports 3)
  set_prop "$home/etc/org.apache.karaf.shell.cfg" sshPort "$ssh_port"
  if [ -f "$home/etc/org.apache.karaf.management.cfg" ]; then
    set_prop "$home/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$rmi_registry_port"
    set_prop "$home/etc/org.apache.karaf.management.cfg" rmiServerPort "$rmi_server_port"
  fi
  if $STOCK; then
    printf '#!/bin/sh\n# stock Karaf JVM options (benchmark baseline)\n' >"$home/bin/setenv"
  elif [ -n "$SETENV" ]; then
    cp "$SETENV" "$home/bin/setenv"
  fi
  echo "Run $run/$RUNS (load $(cut -d' ' -f1-3 /proc/loadavg)) ..." >&2
  boot "$home" first
  boot "$home" warm
  $KEEP || rm -rf "$home"
done

echo "Load after: $(uptime | sed 's/.*load average: //')" >&2
echo
printf '%-4s %-6s %10s %14s %16s\n' run boot active_ms rss_active_MB "rss_idle_MB(${IDLE}s)"
awk '{ printf "%-4d %-6s %10s %14s %16s\n", int((NR + 1) / 2), $1, $2, $3, $4 }' "$RESULTS"
echo
printf '%-6s %-10s %8s %8s %8s\n' boot figure min median max
for label in first warm; do
  for col in 2 3 4; do
    name=$(case $col in 2) echo active_ms ;; 3) echo rss_MB ;; 4) echo idle_MB ;; esac)
    awk -v l="$label" -v c="$col" '$1 == l { print $c }' "$RESULTS" | sort -n | awk -v l="$label" -v n="$name" '
      { v[NR] = $1 }
      END { if (NR) printf "%-6s %-10s %8s %8s %8s\n", l, n, v[1], v[int((NR + 1) / 2)], v[NR] }'
  done
done
