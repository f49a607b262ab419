#!/usr/bin/env bash
# A private Docker engine for the tests of the docker-compose reactor.
#
#   scripts/docker-engine.sh start STATE_DIR   installs docker.io, docker-compose and busybox-static
#                                              from Debian when missing, starts dockerd with its own
#                                              data root, socket, exec root and pid file under
#                                              STATE_DIR, waits until `docker info` answers and
#                                              prints `export DOCKER_HOST=unix://STATE_DIR/docker.sock`
#                                              and `DINFRA_DOCKER_STARTED=1`, or `=0` when that engine
#                                              was running already (someone else's: do not stop it)
#   scripts/docker-engine.sh stop STATE_DIR    stops that dockerd by its pid file (SIGTERM, then
#                                              SIGKILL after 30 s) and waits until it is gone
#   scripts/docker-engine.sh status STATE_DIR  exit 0 when that engine answers
#
# The engine uses no registry (none is reachable here): tests build their images locally
# (scripts/docker-test-images.sh). Its log is STATE_DIR/dockerd.log. Needs root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
[ $# -eq 2 ] || usage
CMD="$1"
mkdir -p "$2"
D="$(cd "$2" && pwd)"
SOCK="$D/docker.sock"
PIDFILE="$D/docker.pid"

answers() {
  DOCKER_HOST="unix://$SOCK" timeout 10 docker info >/dev/null 2>&1
}

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

case "$CMD" in
  start)
    dinfra_require_commands dockerd:docker.io docker-compose:docker-compose busybox:busybox-static
    [ -x /bin/busybox ] || dinfra_apt_install busybox-static
    if running_pid >/dev/null && answers; then
      echo "export DOCKER_HOST=unix://$SOCK"
      echo "DINFRA_DOCKER_STARTED=0"
      exit 0
    fi
    mkdir -p "$D/data" "$D/exec"
    rm -f "$SOCK" "$PIDFILE"
    # setsid: the engine must not die with the calling shell's process group; it is stopped by pid.
    setsid dockerd --data-root "$D/data" --exec-root "$D/exec" --host "unix://$SOCK" \
      --pidfile "$PIDFILE" >>"$D/dockerd.log" 2>&1 < /dev/null &
    if dinfra_wait_for --every 0.5 60 answers; then
      echo "export DOCKER_HOST=unix://$SOCK"
      echo "DINFRA_DOCKER_STARTED=1"
      exit 0
    fi
    echo "dockerd did not answer on $SOCK within 60 s; last lines of $D/dockerd.log:" >&2
    tail -20 "$D/dockerd.log" >&2 || true
    exit 1
    ;;
  stop)
    pid="$(running_pid || true)"
    if [ -z "$pid" ]; then
      exit 0
    fi
    # dockerd alone: it stops its containers and containerd itself, in order
    dinfra_stop_pid --alone "$pid" 30
    rm -f "$PIDFILE"
    ;;
  status)
    answers
    ;;
  *) usage ;;
esac
