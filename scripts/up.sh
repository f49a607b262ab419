#!/usr/bin/env bash
# ./dinfra up: the whole loop on one machine, from nothing to a deployment paid for on chain.
#
#   ./dinfra up [--port P] [--block-time-ms N] [--type T --descriptor FILE] [--config FILE]... [--detach]
#
# Installs what is missing and builds what is stale, then starts, each only when needed:
#   1. the dev chain (our runtime served by Chopsticks) on 127.0.0.1:P (default 9944),
#   2. for type docker-compose (the default), a Docker engine (a private dockerd under
#      $DINFRA_HOME/docker) unless one answers already,
#   3. the Karaf agent as the dev provider //Bob with the reactor of type T (./dinfra agent
#      provision: any reactor the distribution ships; it registers itself and the type on chain),
# and, as the dev consumer //Charlie, subscribes the descriptor FILE (by default the example web
# service; stored by CID in the agent's content store), then waits until the deployment runs, is
# reported Deployed on chain and its endpoints accept connections.
# --config FILE copies a reactor's settings into the agent's etc/ (FILE named <pid>.cfg, e.g.
# org.dinfra.reactor.cloudstack.cfg with the CloudStack endpoint and keys); the docker-compose
# reactor needs none.
# Ctrl-C (or ./dinfra down from another terminal) cancels the subscription, waits until the agent
# has torn the deployment down and stops what this command started, nothing else. --detach returns
# once everything runs. State lives in $DINFRA_HOME/up (default ~/.dinfra/up), fresh on every run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

PORT=9944
BLOCK_TIME_MS=2000
DESCRIPTOR=""
TYPE=docker-compose
CONFIGS=()
DETACH=false
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --block-time-ms) BLOCK_TIME_MS="$2"; shift 2 ;;
    --descriptor) DESCRIPTOR="$2"; shift 2 ;;
    --type) TYPE="$2"; shift 2 ;;
    --config) CONFIGS+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --detach) DETACH=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (./dinfra up --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$DESCRIPTOR" ]; then
  [ "$TYPE" = docker-compose ] || { echo "error: --type $TYPE needs --descriptor FILE (./dinfra up --help)" >&2; exit 2; }
  DESCRIPTOR="$ROOT/examples/descriptors/docker-compose-web.json"
fi
[ -f "$DESCRIPTOR" ] || { echo "error: no such descriptor: $DESCRIPTOR" >&2; exit 2; }
for c in "${CONFIGS[@]}"; do
  case "$c" in *.cfg) [ -f "$c" ] || { echo "error: no such file: $c" >&2; exit 2; } ;;
    *) echo "error: --config $c: a Karaf configuration is named <pid>.cfg" >&2; exit 2 ;; esac
done

HOME_DIR="${DINFRA_HOME:-$HOME/.dinfra}"
STATE="$HOME_DIR/up"
DOCKER_STATE="$HOME_DIR/docker"
PRICE=1000000000          # per block, in the smallest unit (the dev chain has 12 decimals)
DEPOSIT=2000000000000     # 2 UNIT: 2000 blocks
CONSUMER="//Charlie"
PROVIDER="//Bob"
ENDPOINT="ws://127.0.0.1:$PORT"
STEPS=7
step() { printf '\n[%s/%s] %s\n' "$1" "$STEPS" "$2"; }
fail() { echo "error: $*" >&2; exit 1; }

if [ -f "$STATE/up.pid" ] && kill -0 "$(cat "$STATE/up.pid")" 2>/dev/null; then
  fail "./dinfra up is already running (pid $(cat "$STATE/up.pid")); stop it with ./dinfra down"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  fail "port $PORT is in use; stop what uses it or choose another with --port"
fi
rm -rf "$STATE"
mkdir -p "$STATE"
echo $$ > "$STATE/up.pid"

DISTRO="$ROOT/karaf-distro/target/assembly"
AGENT_ETC="$STATE/agent/etc"
AGENT_DATA="$STATE/agent/data"
CHAIN_PID=""
AGENT_PID=""
DOCKER_STARTED=false
SUB_ID=""
CONSOLE_PASSWORD=""
dinfra() { java -Ddinfra.root="$ROOT" -cp "$ROOT/cli/target/dinfra-cli.jar:$ROOT/cli/target/lib/*" org.dinfra.cli.Main "$@"; }
console() { # console COMMAND: runs one command in the agent's console
  KARAF_ETC="$AGENT_ETC" "$DISTRO/bin/client" -r 3 -u dinfra -p "$CONSOLE_PASSWORD" -b <<<"$1" 2>&1
}
torn_down() { # the agent's view of the deployment: gone, TERMINATED, or FAILED (cleaned up)
  local shown
  shown="$(console "dinfra:deployment $SUB_ID")" || return 1
  grep -qE "^State +(TERMINATED|FAILED)|no deployment $SUB_ID" <<<"$shown"
}
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping what ./dinfra up started ..."
  if [ -n "$SUB_ID" ] && [ -n "$CHAIN_PID" ] && kill -0 "$CHAIN_PID" 2>/dev/null; then
    echo "  cancelling subscription $SUB_ID (the agent tears the deployment down)"
    if dinfra cancel "$SUB_ID" --suri "$CONSUMER" --endpoint "$ENDPOINT" >"$STATE/cancel.log" 2>&1; then
      if [ -n "$AGENT_PID" ] && kill -0 "$AGENT_PID" 2>/dev/null; then
        dinfra_wait_for --every 2 --alive "$AGENT_PID" 90 torn_down \
          || echo "  (the agent did not show deployment $SUB_ID torn down within 90 s)"
      fi
    else
      echo "  (cancel failed: $(tail -1 "$STATE/cancel.log"))"
    fi
  fi
  if [ -n "$AGENT_PID" ]; then
    echo "  stopping the agent (pid $AGENT_PID)"
    dinfra_stop_pid "$AGENT_PID"
  fi
  if [ -n "$CHAIN_PID" ]; then
    echo "  stopping the dev chain (pid $CHAIN_PID)"
    dinfra_stop_pid "$CHAIN_PID"
  fi
  if $DOCKER_STARTED; then
    echo "  stopping the Docker engine it started"
    "$ROOT/scripts/docker-engine.sh" stop "$DOCKER_STATE" >/dev/null
  fi
  rm -f "$STATE/up.pid"
  echo "Stopped."
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step 1 "Tools and build (Java 17, Maven, the agent distribution, the command line)"
dinfra_require_java_maven
JAR="$ROOT/cli/target/dinfra-cli.jar"
if [ ! -x "$DISTRO/bin/karaf" ] || [ ! -f "$JAR" ] || [ -n "$(dinfra_sources_newer_than "$JAR")" ] \
    || [ -n "$(dinfra_sources_newer_than "$DISTRO/bin/karaf")" ]; then
  echo "  building (mvn install -DskipTests; a first build takes a few minutes) ..."
  (cd "$ROOT" && mvn -B -q install -DskipTests -pl karaf-distro,cli -am) >"$STATE/build.log" 2>&1 \
    || { tail -30 "$STATE/build.log" >&2; fail "the build failed (log: $STATE/build.log)"; }
  # built from the sources as they are now (see dinfra_sources_newer_than)
  touch "$DISTRO/bin/karaf" "$JAR"
fi
# for Karaf's scripts (bin/karaf, bin/client)
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
echo "  ok"

step 2 "Dev chain on $ENDPOINT (the runtime is built first when missing: about 10 minutes the first time)"
setsid "$ROOT/parachain/scripts/chain.sh" --port "$PORT" --block-time-ms "$BLOCK_TIME_MS" >"$STATE/chain.log" 2>&1 &
CHAIN_PID=$!
rc=0
dinfra_wait_for --alive "$CHAIN_PID" 1800 grep -q "dev chain ready" "$STATE/chain.log" || rc=$?
case "$rc" in
  0) ;;
  2) tail -20 "$STATE/chain.log" >&2; fail "the dev chain stopped (log: $STATE/chain.log)" ;;
  *) fail "the dev chain did not start within 30 minutes (log: $STATE/chain.log)" ;;
esac
echo "  a block every $BLOCK_TIME_MS ms; log: $STATE/chain.log"

if [ "$TYPE" = docker-compose ]; then
  step 3 "Docker engine (the docker-compose reactor deploys on it)"
  if timeout 20 docker info >/dev/null 2>&1; then
    echo "  using the engine that answers at ${DOCKER_HOST:-the default socket}"
  else
    eval "$("$ROOT/scripts/docker-engine.sh" start "$DOCKER_STATE")"
    if [ "$DINFRA_DOCKER_STARTED" = 1 ]; then
      DOCKER_STARTED=true
      echo "  started a private dockerd ($DOCKER_HOST)"
    else
      echo "  using the private dockerd already running at $DOCKER_HOST"
    fi
  fi
  IMAGES="$(dinfra descriptor get "$DESCRIPTOR" --field 'services.*.image')"
  for image in $IMAGES; do
    if ! docker image inspect "$image" >/dev/null 2>&1; then
      if [ "$image" = "busybox:1.36" ]; then
        # No image registry may be reachable: the example's busybox comes from Debian's busybox-static.
        echo "  $image is not present: building it locally from Debian's busybox-static"
        "$ROOT/scripts/docker-test-images.sh" >/dev/null
        docker tag dinfra/busybox:test "$image"
      else
        timeout 120 docker pull "$image" >/dev/null || fail "image $image is not present and cannot be pulled"
      fi
    fi
  done
  echo "  images present: $IMAGES"
else
  step 3 "The $TYPE reactor's settings"
  [ ${#CONFIGS[@]} -gt 0 ] || echo "  none given (--config FILE): the reactor starts with its defaults"
  for c in "${CONFIGS[@]}"; do echo "  $(basename "$c")"; done
fi

step 4 "Agent (Karaf) as the dev provider $PROVIDER with the $TYPE reactor"
mkdir -p "$AGENT_DATA"
cp -r "$DISTRO/etc" "$AGENT_ETC"
(umask 077 && printf '%s\n' "$PROVIDER" > "$AGENT_ETC/provider.suri")
# a console user for this run only (the distribution ships none)
CONSOLE_PASSWORD="$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)"
printf 'dinfra = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' "$CONSOLE_PASSWORD" \
  >> "$AGENT_ETC/users.properties"
chmod 600 "$AGENT_ETC/users.properties"
dinfra agent provision "$DISTRO" --etc "$AGENT_ETC" --reactor "$TYPE" --endpoint "$ENDPOINT" \
  --provider-key-file "$AGENT_ETC/provider.suri" --price-per-block "$PRICE" --capacity 20 \
  --name "dinfra up dev provider" --region local --contact dev@localhost >"$STATE/provision.log" 2>&1 \
  || { cat "$STATE/provision.log" >&2; fail "./dinfra agent provision failed"; }
if [ "$TYPE" = docker-compose ]; then
  cat > "$AGENT_ETC/org.dinfra.reactor.dockercompose.cfg" <<EOF
# written by ./dinfra up
dockerHost = ${DOCKER_HOST:-}
publishAddress = 127.0.0.1
EOF
fi
for c in "${CONFIGS[@]}"; do cp "$c" "$AGENT_ETC/"; done
KARAF_DATA="$AGENT_DATA" KARAF_ETC="$AGENT_ETC" setsid "$DISTRO/bin/karaf" server >"$STATE/agent.out" 2>&1 &
AGENT_PID=$!
LOG="$AGENT_DATA/log/karaf.log"
dinfra_wait_for --alive "$AGENT_PID" 300 grep -q "Assignment source: chain" "$LOG" \
  || fail "the agent did not start within 300 s (log: $LOG)"
echo "  agent running (pid $AGENT_PID); log: $LOG"

step 5 "Provider registration on chain (the agent registers the $TYPE type and itself)"
dinfra_wait_for --alive "$AGENT_PID" 180 grep -q "Provider registration: registered the provider" "$LOG" \
  || fail "the provider registration did not happen within 180 s (log: $LOG)"
grep "Provider registration:" "$LOG" | sed 's/.*Provider registration: /  /'

step 6 "Consumer $CONSUMER subscribes $(basename "$DESCRIPTOR")"
dinfra subscribe "$DESCRIPTOR" --type "$TYPE" --deposit "$DEPOSIT" --max-price "$PRICE" --suri "$CONSUMER" \
  --endpoint "$ENDPOINT" --store "$AGENT_DATA/dinfra/content" --field id --field provider --field end --field cid \
  >"$STATE/subscribe.out" 2>"$STATE/subscribe.err" \
  || { cat "$STATE/subscribe.err" >&2; fail "./dinfra subscribe failed"; }
IFS=$'\t' read -r SUB_ID SUB_PROVIDER SUB_END SUB_CID <"$STATE/subscribe.out"
echo "  descriptor stored as $SUB_CID; subscription $SUB_ID assigned to $SUB_PROVIDER, paid until block $SUB_END"

step 7 "Deployment: the agent fetches the descriptor by CID, deploys it and reports it on chain"
deadline=$((SECONDS + 300))
STATUS=""; REASON=""; ENDPOINTS=""
while true; do
  # id, status, failure reason and reported endpoints of the consumer's live subscriptions
  if dinfra subscriptions --suri "$CONSUMER" --endpoint "$ENDPOINT" --field id --field status --field failureReason \
      --field 'endpoint.*' >"$STATE/subscriptions.out" 2>"$STATE/subscriptions.err"; then
    field() { awk -F'\t' -v id="$SUB_ID" -v n="$1" -v none="$2" \
      '$1 == id { print $n; found = 1; exit } END { if (!found) print none }' "$STATE/subscriptions.out"; }
    STATUS="$(field 2 absent)"
    REASON="$(field 3 "")"
    ENDPOINTS="$(field 4 "")"
  else
    STATUS=unknown
  fi
  printf '\r  subscription %s: %-60s' "$SUB_ID" "$STATUS${ENDPOINTS:+ $ENDPOINTS}"
  case "$STATUS" in
    Deployed) echo; break ;;
    Failed) echo; fail "the subscription failed with reason $REASON (agent log: $LOG)" ;;
    absent|Cancelled|Expired) echo; fail "the subscription ended as $STATUS (agent log: $LOG)" ;;
  esac
  [ $SECONDS -lt $deadline ] || { echo; fail "not deployed within 300 s (agent log: $LOG)"; }
  sleep 2
done
# host:port of each reported endpoint (tcp://, http://, ssh://...), which must accept connections
accepts() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
SHOWN=""
for url in $ENDPOINTS; do
  hostport="${url#*://}"
  hostport="${hostport#*@}"
  hostport="${hostport%%/*}"
  host="${hostport%:*}"
  port="${hostport##*:}"
  if [ "$host" != "$hostport" ] && [ -n "$port" ]; then
    dinfra_wait_for 60 accepts "$host" "$port" || fail "the deployment's endpoint $url accepts no connection within 60 s"
    page="$(curl -fsS -m 5 "http://$hostport/" 2>/dev/null | head -c 200 | tr -s '\r\n' '  ' || true)"
    SHOWN="$SHOWN${SHOWN:+$'\n'                       }$url${page:+  (http://$hostport/ answers: ${page% })}"
  else
    SHOWN="$SHOWN${SHOWN:+$'\n'                       }$url"
  fi
done

cat <<EOF

DINFRA is up.
  The deployment:      ${SHOWN:-(no endpoints reported)}
  Subscription:        $SUB_ID of $CONSUMER, reported Deployed on chain by the provider $PROVIDER
  Chain (WebSocket):   $ENDPOINT   (polkadot.js apps: https://polkadot.js.org/apps/?rpc=$ENDPOINT)
  Agent console:       KARAF_ETC=$AGENT_ETC $DISTRO/bin/client -u dinfra -p $CONSOLE_PASSWORD
                       (try dinfra:chain-status, dinfra:provider-show, dinfra:deployments)
  Your subscriptions:  ./dinfra subscriptions --suri '$CONSUMER' --endpoint $ENDPOINT
  Logs:                $STATE/chain.log, $LOG
  Stop everything:     Ctrl-C here, or ./dinfra down
EOF

if $DETACH; then
  trap - EXIT INT TERM
  # keep a supervisor in the background that stops everything on ./dinfra down
  (
    trap 'exit 143' TERM
    trap cleanup EXIT
    while kill -0 "$AGENT_PID" 2>/dev/null && kill -0 "$CHAIN_PID" 2>/dev/null; do sleep 2; done
  ) &
  echo $! > "$STATE/up.pid"
  exit 0
fi
while kill -0 "$AGENT_PID" 2>/dev/null && kill -0 "$CHAIN_PID" 2>/dev/null; do
  sleep 2 & wait $!
done
fail "the agent or the chain stopped (logs: $STATE/chain.log, $LOG)"
