# Shared shell functions of ./dinfra and the test scripts. Source it; do not run it.

# Installs a Debian package when its command is missing (root, or sudo when available).
dinfra_apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -z "${DINFRA_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq >&2
    export DINFRA_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# Java 17 and Maven 3, installed from Debian's packages when missing.
dinfra_require_java_maven() {
  if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
    echo "Installing Java 17 ..." >&2
    dinfra_apt_install openjdk-17-jdk-headless
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Installing Maven ..." >&2
    dinfra_apt_install maven
  fi
}

# The one rule of whether a build output (the command line's jar, the agent distribution) is stale,
# asked by ./dinfra, ./dinfra up, scripts/docker-build-images.sh and the command line itself
# (cli Build.java): prints the first file newer than $1 among what both are built from, the root
# pom.xml and every file under bundles/, cli/, features/ and karaf-distro/ outside target/
# directories (sources, resources, poms, .cfg, scripts such as bin/setenv); nothing when $1 is up
# to date. $1 must exist.
dinfra_sources_newer_than() {
  local ref="$1"
  (cd "$ROOT" && find pom.xml bundles cli features karaf-distro -name target -prune -o -type f \
      -newer "$ref" -print -quit 2>/dev/null)
}

# Installs the Debian packages whose commands are missing: dinfra_require_commands cmd:package ...
dinfra_require_commands() {
  local missing=()
  local pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing ${missing[*]} ..." >&2
    dinfra_apt_install "${missing[@]}"
  fi
}

# Prints COUNT (default 1) free TCP ports of 127.0.0.1 in [MIN, MAX] (default 20000-32767, below
# Linux's ephemeral range), different from each other, on one line: no socket has them as its
# local port (ss), or, without ss, nothing accepts a connection on them.
#   PORT="$(dinfra_free_ports)"; read -r CHAIN_PORT HTTP_PORT < <(dinfra_free_ports 2)
dinfra_free_ports() {
  local count="${1:-1}" min="${2:-20000}" max="${3:-32767}" given=" " p tries=0
  while [ "$count" -gt 0 ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 1000 ]; then
      echo "error: no free port in $min-$max" >&2
      return 1
    fi
    p=$((min + (RANDOM * 32768 + RANDOM) % (max - min + 1)))
    case "$given" in *" $p "*) continue ;; esac
    if command -v ss >/dev/null 2>&1; then
      [ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ] || continue
    elif (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      continue
    fi
    given="$given$p "
    count=$((count - 1))
  done
  given="${given# }"
  echo "${given% }"
}

# Stops a process and every process it started: SIGTERM to all of them, SIGKILL to those left
# after GRACE seconds (default 30); returns when they are gone. --alone signals that process only
# (a daemon that stops its own children in order, such as dockerd).
#   dinfra_stop_pid [--alone] PID [GRACE]
dinfra_stop_pid() {
  local alone=false
  if [ "$1" = --alone ]; then
    alone=true
    shift
  fi
  local pid="$1" grace="${2:-30}" pids queue next p child alive
  kill -0 "$pid" 2>/dev/null || return 0
  # the descendants first: once their parent is gone they belong to init
  pids="$pid"
  queue="$pid"
  $alone && queue=""
  while [ -n "$queue" ]; do
    next=""
    for p in $queue; do
      for child in $(ps -o pid= --ppid "$p" 2>/dev/null); do
        pids="$pids $child"
        next="$next $child"
      done
    done
    queue="$next"
  done
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while :; do
    alive=""
    for p in $pids; do
      kill -0 "$p" 2>/dev/null && alive="$alive $p"
    done
    [ -n "$alive" ] || return 0
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 0.2
  done
  # shellcheck disable=SC2086
  kill -KILL $alive 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Runs COMMAND (its output discarded) every second, or every --every S seconds, until it
# succeeds: returns 0; 1 when SECONDS passed first; 2 as soon as the process --alive PID is gone.
#   dinfra_wait_for [--every S] [--alive PID] SECONDS COMMAND...
dinfra_wait_for() {
  local every=1 alive=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --every) every="$2"; shift 2 ;;
      --alive) alive="$2"; shift 2 ;;
      *) break ;;
    esac
  done
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    if [ -n "$alive" ] && ! kill -0 "$alive" 2>/dev/null; then
      return 2
    fi
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep "$every"
  done
}
