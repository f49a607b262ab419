#!/usr/bin/env bash
# ./dinfra up: the whole loop on one machine, from nothing to a deployment paid for on chain.
#
#   ./dinfra up [--port P] [--block-time-ms N] [--descriptor FILE] [--type T] [--detach]
#
# Installs what is missing and builds what is stale, then starts, each only when needed:
#   1. the dev chain (our runtime served by Chopsticks) on 127.0.0.1:P (default 9944),
#   2. a Docker engine (a private dockerd under $DINFRA_HOME/docker) unless one answers already,
#   3. the Karaf agent as the dev provider //Bob with the Docker Compose reactor (it registers
#      itself and the docker-compose type on chain),
# and, as the dev consumer //Charlie, subscribes the example web descriptor (stored by CID in the
# agent's content store), then waits until the deployment runs and is reported on chain.
# Ctrl-C (or ./dinfra down from another terminal) cancels the subscription, waits for the teardown
# and stops what this command started, nothing else. --detach returns once everything runs.
# State lives in $DINFRA_HOME/up (default ~/.dinfra/up) and starts fresh on every run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

PORT=9944
BLOCK_TIME_MS=2000
DESCRIPTOR="$ROOT/examples/descriptors/docker-compose-web.json"
TYPE=docker-compose
DETACH=false
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --block-time-ms) BLOCK_TIME_MS="$2"; shift 2 ;;
    --descriptor) DESCRIPTOR="$2"; shift 2 ;;
    --type) TYPE="$2"; shift 2 ;;
    --detach) DETACH=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (./dinfra up --help)" >&2; exit 2 ;;
  esac
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

CHAIN_PID=""
AGENT_PID=""
DOCKER_STARTED=false
SUB_ID=""
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping what ./dinfra up started ..."
  if [ -n "$SUB_ID" ] && [ -n "$CHAIN_PID" ] && kill -0 "$CHAIN_PID" 2>/dev/null; then
    echo "  cancelling subscription $SUB_ID (the agent tears the deployment down)"
    if dinfra cancel "$SUB_ID" --suri "$CONSUMER" --endpoint "$ENDPOINT" >"$STATE/cancel.log" 2>&1; then
      # torn down = the project's containers and networks are gone (compose down removes both)
      for _ in $(seq 1 90); do
        [ -z "$(docker ps -aq --filter "label=com.docker.compose.project=dinfra-$SUB_ID" 2>/dev/null)" ] \
          && [ -z "$(docker network ls -q --filter "label=com.docker.compose.project=dinfra-$SUB_ID" 2>/dev/null)" ] && break
        sleep 1
      done
    else
      echo "  (cancel failed: $(tail -1 "$STATE/cancel.log"))"
    fi
  fi
  if [ -n "$AGENT_PID" ]; then
    echo "  stopping the agent (pid $AGENT_PID)"
    stop_pid "$AGENT_PID"
  fi
  if [ -n "$CHAIN_PID" ]; then
    echo "  stopping the dev chain (pid $CHAIN_PID)"
    stop_pid "$CHAIN_PID"
  fi
  if $DOCKER_STARTED; then
    echo "  stopping the Docker engine it started"
    "$ROOT/scripts/docker-engine.sh" stop "$DOCKER_STATE" >/dev/null
  fi
  rm -f "$STATE/up.pid"
  echo "Stopped."
}
stop_pid() { # the process was started with setsid: its pid is its process group, which is stopped whole
  local pid="$1"
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dinfra() { java -Ddinfra.root="$ROOT" -cp "$ROOT/cli/target/dinfra-cli.jar:$ROOT/cli/target/lib/*" org.dinfra.cli.Main "$@"; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$what did not happen within $seconds s"
    sleep 1
  done
}

step 1 "Tools and build (Java 17, Maven, the agent distribution, the command line)"
dinfra_require_java_maven
DISTRO="$ROOT/karaf-distro/target/assembly"
if [ ! -x "$DISTRO/bin/karaf" ] || [ ! -f "$ROOT/cli/target/dinfra-cli.jar" ] \
    || [ -n "$(dinfra_sources_newer_than "$ROOT/cli/target/dinfra-cli.jar")" ] \
    || [ -n "$(dinfra_sources_newer_than "$DISTRO/bin/karaf")" ]; then
  echo "  building (mvn install -DskipTests; a first build takes a few minutes) ..."
  (cd "$ROOT" && mvn -B -q install -DskipTests -pl karaf-distro,cli -am) >"$STATE/build.log" 2>&1 \
    || { tail -30 "$STATE/build.log" >&2; fail "the build failed (log: $STATE/build.log)"; }
  touch "$DISTRO/bin/karaf"
fi
echo "  ok"

step 2 "Dev chain on $ENDPOINT (the runtime is built first when missing: about 10 minutes the first time)"
setsid "$ROOT/parachain/scripts/chain.sh" --port "$PORT" --block-time-ms "$BLOCK_TIME_MS" >"$STATE/chain.log" 2>&1 &
CHAIN_PID=$!
deadline=$((SECONDS + 1800))
until grep -q "dev chain ready" "$STATE/chain.log"; do
  kill -0 "$CHAIN_PID" 2>/dev/null || { tail -20 "$STATE/chain.log" >&2; fail "the dev chain stopped (log: $STATE/chain.log)"; }
  [ $SECONDS -lt $deadline ] || fail "the dev chain did not start within 30 minutes (log: $STATE/chain.log)"
  sleep 1
done
echo "  a block every $BLOCK_TIME_MS ms; log: $STATE/chain.log"

step 3 "Docker engine"
if timeout 20 docker info >/dev/null 2>&1; then
  echo "  using the engine that answers at ${DOCKER_HOST:-the default socket}"
else
  eval "$("$ROOT/scripts/docker-engine.sh" start "$DOCKER_STATE")"
  DOCKER_STARTED=true
  echo "  started a private dockerd ($DOCKER_HOST)"
fi
IMAGE="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(s["image"] for s in d["services"].values()))' "$DESCRIPTOR")"
for image in $IMAGE; do
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
echo "  images present: $IMAGE"

step 4 "Agent (Karaf) as the dev provider $PROVIDER with the Docker Compose reactor"
AGENT_ETC="$STATE/agent/etc"
AGENT_DATA="$STATE/agent/data"
mkdir -p "$AGENT_DATA"
cp -r "$DISTRO/etc" "$AGENT_ETC"
umask 077
printf '%s\n' "$PROVIDER" > "$AGENT_ETC/provider.suri"
umask 022
sed -i 's|^featuresBoot = \\$|featuresBoot = \\\n    dinfra-chain, \\\n    dinfra-reactor-dockercompose, \\|' "$AGENT_ETC/org.apache.karaf.features.cfg"
# a console user for this run only (the distribution ships none)
CONSOLE_PASSWORD="$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)"
printf 'dinfra = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' "$CONSOLE_PASSWORD" \
  >> "$AGENT_ETC/users.properties"
chmod 600 "$AGENT_ETC/users.properties"
cat > "$AGENT_ETC/org.dinfra.chain.cfg" <<EOF
# written by ./dinfra up: the dev provider on the dev chain
endpoints = $ENDPOINT
providerSecretFile = $AGENT_ETC/provider.suri
register = true
registerTypes = true
pricePerBlock = $PRICE
capacity = 20
name = dinfra up dev provider
region = local
contact = dev@localhost
EOF
cat > "$AGENT_ETC/org.dinfra.reactor.dockercompose.cfg" <<EOF
# written by ./dinfra up
dockerHost = ${DOCKER_HOST:-}
publishAddress = 127.0.0.1
EOF
KARAF_DATA="$AGENT_DATA" KARAF_ETC="$AGENT_ETC" JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" \
  setsid "$DISTRO/bin/karaf" server >"$STATE/agent.out" 2>&1 &
AGENT_PID=$!
LOG="$AGENT_DATA/log/karaf.log"
wait_for 300 "the agent start" grep -q "Assignment source: chain" "$LOG"
echo "  agent running (pid $AGENT_PID); log: $LOG"

step 5 "Provider registration on chain (the agent registers the $TYPE type and itself)"
wait_for 180 "the provider registration" grep -q "Provider registration: registered the provider" "$LOG"
grep "Provider registration:" "$LOG" | sed 's/.*Provider registration: /  /'

step 6 "Consumer $CONSUMER subscribes $(basename "$DESCRIPTOR")"
dinfra subscribe "$DESCRIPTOR" --type "$TYPE" --deposit "$DEPOSIT" --max-price "$PRICE" --suri "$CONSUMER" \
  --endpoint "$ENDPOINT" --store "$AGENT_DATA/dinfra/content" --json >"$STATE/subscribe.json" 2>"$STATE/subscribe.err" \
  || { cat "$STATE/subscribe.err" >&2; fail "./dinfra subscribe failed"; }
read -r SUB_ID SUB_PROVIDER SUB_END SUB_CID < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["id"], s["provider"], s["end"], s["cid"])' "$STATE/subscribe.json")
echo "  descriptor stored as $SUB_CID; subscription $SUB_ID assigned to $SUB_PROVIDER, paid until block $SUB_END"

step 7 "Deployment: the agent fetches the descriptor by CID, deploys it and reports it on chain"
deadline=$((SECONDS + 300))
while true; do
  dinfra subscriptions --suri "$CONSUMER" --endpoint "$ENDPOINT" --json >"$STATE/subscriptions.json" 2>"$STATE/subscriptions.err" || true
  STATUS="$(python3 - "$STATE/subscriptions.json" "$SUB_ID" <<'PY'
import json, sys
try:
    subs = json.load(open(sys.argv[1]))
except Exception:
    print("unknown"); sys.exit()
if isinstance(subs, dict):
    subs = subs.get("subscriptions", [])
for s in subs:
    if str(s.get("id")) == sys.argv[2]:
        st = s.get("status")
        print(st if isinstance(st, str) else json.dumps(st)); break
else:
    print("absent")
PY
)"
  printf '\r  subscription %s: %-60s' "$SUB_ID" "${STATUS:0:60}"
  case "$STATUS" in
    *Deployed*) echo; break ;;
    *Failed*|absent) echo; fail "the subscription ended as $STATUS (agent log: $LOG)" ;;
  esac
  [ $SECONDS -lt $deadline ] || { echo; fail "not deployed within 300 s (agent log: $LOG)"; }
  sleep 2
done
URL="http://127.0.0.1:20080/"
wait_for 60 "the web service answering at $URL" curl -fsS "$URL"

cat <<EOF

DINFRA is up.
  The deployment:      $URL  ->  $(curl -fsS "$URL")
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
