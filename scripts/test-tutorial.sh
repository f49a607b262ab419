#!/usr/bin/env bash
# Runs docs/tutorial.md: every ```sh block, in order, in one bash shell (set -euo pipefail)
# started at the root of the clone, as a reader would, and checks what the blocks print.
#
#   scripts/test-tutorial.sh [--no-build] [--keep]
#
# The tutorial's documented settings are overridden with free ports and a scratch directory
# (TUTORIAL_DIR under /tmp, CHAIN_PORT, AGENT_SSH_PORT, AGENT_HTTP_PORT, WEB_PORT in 20000-29999)
# and DINFRA_HOME points into the scratch directory, so it does not collide with ./dinfra up or
# another run. The Docker engine is DOCKER_HOST when it answers (as scripts/test-env.sh exports
# it), else a private dockerd (scripts/docker-engine.sh) under the scratch directory, stopped at
# the end. busybox:1.36 is tagged from the locally built test image when the engine lacks it
# (no registry is reachable here). The run refuses to start when the engine already holds a
# Compose project named like the tutorial's deployment (dinfra-0 ... dinfra-3): the agent would
# take it over.
#
# --no-build skips the one block that runs mvn (the distribution and the command line must be
# built already); every other block runs. --keep keeps the scratch directory after a success.
# Each block's output is in <scratch>/out/<n>.txt. At the end everything the run started (the
# agent, the dev chain, a private engine) is stopped by its pid and no container of the
# tutorial's provider is left; the test fails when it had to remove one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

NO_BUILD=false
KEEP=false
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) NO_BUILD=true; shift ;;
    --keep) KEEP=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (scripts/test-tutorial.sh --help)" >&2; exit 2 ;;
  esac
done

TUTORIAL_MD="$ROOT/docs/tutorial.md"
PROVIDER_ID="tutorial-bob"   # docs/tutorial.md, 2.4
grep -q "^providerId = $PROVIDER_ID\$" "$ROOT/docs/tutorial.md" || { echo "error: docs/tutorial.md no longer sets providerId = $PROVIDER_ID" >&2; exit 1; }
STARTED_AT=$SECONDS
SCRATCH="$(mktemp -d /tmp/dinfra-tutorial-test.XXXXXX)"
OUT="$SCRATCH/out"
mkdir -p "$OUT"
fail() { echo "error: $*" >&2; exit 1; }

dinfra_require_java_maven
dinfra_require_commands curl:curl ssh-keygen:openssh-client python3:python3

# -- ports: free now, on 127.0.0.1 (the web page's in the reactor's default range, 20000-29999) --
export TUTORIAL_DIR="$SCRATCH/tutorial"
export DINFRA_HOME="$SCRATCH/home"
read -r CHAIN_PORT AGENT_SSH_PORT AGENT_HTTP_PORT < <(dinfra_free_ports 3 30000 39999)
WEB_PORT="$(dinfra_free_ports 1 20000 29999)"
[ -n "$CHAIN_PORT" ] && [ -n "$AGENT_HTTP_PORT" ] && [ -n "$WEB_PORT" ] || fail "no free ports"
export CHAIN_PORT AGENT_SSH_PORT AGENT_HTTP_PORT WEB_PORT

# -- cleanup: by pid, and the tutorial provider's containers --
DOCKER_STARTED=false
LEFT_CONTAINERS=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pidfile
  for pidfile in "$TUTORIAL_DIR/agent/karaf.pid" "$TUTORIAL_DIR/chain.pid"; do
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "stopping $(cat "$pidfile") ($pidfile), left running by the tutorial"
      dinfra_stop_pid "$(cat "$pidfile")"
      [ "$rc" -ne 0 ] || rc=1
    fi
  done
  if timeout 20 docker info >/dev/null 2>&1; then
    LEFT_CONTAINERS="$(docker ps -aq --filter "label=org.dinfra.provider=$PROVIDER_ID")"
    if [ -n "$LEFT_CONTAINERS" ]; then
      echo "error: containers of provider $PROVIDER_ID left: removing $(echo $LEFT_CONTAINERS)" >&2
      docker rm -f $LEFT_CONTAINERS >/dev/null || true
      [ "$rc" -ne 0 ] || rc=1
    fi
    local sub
    sub="$(awk '$1 == "subscription" {print $2}' "$TUTORIAL_DIR/subscribe.out" 2>/dev/null || true)"
    if [ -n "$sub" ] && docker network inspect "dinfra-${sub}_default" >/dev/null 2>&1 \
        && [ -z "$(docker network inspect -f '{{range .Containers}}x{{end}}' "dinfra-${sub}_default")" ] \
        && [ "$(docker network inspect -f '{{index .Labels "org.dinfra.provider"}}' "dinfra-${sub}_default")" = "$PROVIDER_ID" ]; then
      docker network rm "dinfra-${sub}_default" >/dev/null || true
    fi
  fi
  if $DOCKER_STARTED; then
    "$ROOT/scripts/docker-engine.sh" stop "$SCRATCH/docker" || true
  fi
  if [ "$rc" -eq 0 ] && ! $KEEP; then
    rm -rf "$SCRATCH"
  else
    echo "scratch directory kept: $SCRATCH (block outputs in $OUT)"
  fi
  echo "test-tutorial: $([ "$rc" -eq 0 ] && echo PASSED || echo FAILED) in $((SECONDS - STARTED_AT)) s"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -- the Docker engine --
if [ -n "${DOCKER_HOST:-}" ] && timeout 20 docker info >/dev/null 2>&1; then
  echo "== Docker engine: $DOCKER_HOST"
else
  echo "== Docker engine: a private dockerd in $SCRATCH/docker"
  eval "$("$ROOT/scripts/docker-engine.sh" start "$SCRATCH/docker")"
  DOCKER_STARTED=true
fi
export DOCKER_HOST
if ! docker image inspect busybox:1.36 >/dev/null 2>&1; then
  "$ROOT/scripts/docker-test-images.sh"
  docker tag dinfra/busybox:test busybox:1.36
fi
for id in 0 1 2 3; do
  if [ -n "$(docker ps -aq --filter "label=com.docker.compose.project=dinfra-$id")" ]; then
    fail "the engine at $DOCKER_HOST runs Compose project dinfra-$id (another agent's deployment $id); the tutorial's deployment would take that name. Run this test when it is gone, or with an engine of its own (unset DOCKER_HOST)"
  fi
done
[ -z "$(docker ps -aq --filter "label=org.dinfra.provider=$PROVIDER_ID")" ] \
  || fail "the engine at $DOCKER_HOST has containers of provider $PROVIDER_ID: another run of this test?"

# -- the tutorial's sh blocks, as one script --
SCRIPT="$SCRATCH/tutorial.sh"
python3 - "$TUTORIAL_MD" "$SCRIPT" "$OUT" "$NO_BUILD" <<'PY'
import re, shlex, sys
md, script, out, no_build = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "true"
lines = open(md).read().split("\n")
blocks, i = [], 0
while i < len(lines):
    if lines[i].strip() == "```sh":
        start, body = i + 1, []
        i += 1
        while lines[i].strip() != "```":
            body.append(lines[i]); i += 1
        blocks.append((start + 1, "\n".join(body)))
    i += 1
if not blocks:
    sys.exit("error: no sh blocks in " + md)
with open(script, "w") as f:
    f.write("set -euo pipefail\nexec 3>&1\n")
    f.write("BLOCK=0\n")
    f.write("trap 'rc=$?; if [ $rc -ne 0 ]; then echo \"--- block $BLOCK failed (exit $rc); its output:\"; "
            "cat " + shlex.quote(out) + "/$BLOCK.txt; fi >&3 2>&1' EXIT\n")
    for n, (line, body) in enumerate(blocks, 1):
        f.write("\nBLOCK=%d\n" % n)
        f.write("echo; echo '=== block %d (docs/tutorial.md:%d)'\n" % (n, line))
        if no_build and re.search(r"\bmvn\b", body):
            if len(body.strip().split("\n")) != 1:
                sys.exit("error: the block at line %d runs mvn among other commands: --no-build cannot skip it alone" % line)
            f.write("echo '(skipped: --no-build)' | tee %s/%d.txt\n" % (shlex.quote(out), n))
            continue
        f.write("{\n%s\n} > %s/%d.txt 2>&1 < /dev/null\n" % (body, shlex.quote(out), n))
        f.write("cat %s/%d.txt\n" % (shlex.quote(out), n))
    f.write("\nBLOCK=done\necho; echo '=== all %d blocks ran'\n" % len(blocks))
print("== %d sh blocks of %s -> %s" % (len(blocks), md, script))
PY
if $NO_BUILD; then
  ls "$ROOT"/karaf-distro/target/dinfra-karaf-distro-*.tar.gz >/dev/null 2>&1 \
    || fail "--no-build: no distribution in karaf-distro/target; build it first"
fi

echo "== running them in $TUTORIAL_DIR (chain :$CHAIN_PORT, console :$AGENT_SSH_PORT, status API :$AGENT_HTTP_PORT, web :$WEB_PORT)"
(cd "$ROOT" && timeout --kill-after=10 2400 bash "$SCRIPT") || fail "the tutorial's blocks failed (see above)"

# -- what the blocks must have printed --
block_of() { # the number of the block whose text contains $1 (the first one)
  python3 - "$TUTORIAL_MD" "$1" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
n, i = 0, 0
while i < len(lines):
    if lines[i].strip() == "```sh":
        n += 1; body = []; i += 1
        while lines[i].strip() != "```":
            body.append(lines[i]); i += 1
        if sys.argv[2] in "\n".join(body):
            print(n); sys.exit()
    i += 1
sys.exit("error: no sh block contains " + sys.argv[2])
PY
}
FAILURES=0
expect() { # expect MARKER REGEX WHAT: the output of the block containing MARKER matches REGEX
  local n
  n="$(block_of "$1")"
  if grep -qE -- "$2" "$OUT/$n.txt"; then
    echo "ok   block $n: $3"
  else
    echo "FAIL block $n: $3 (no match for /$2/ in $OUT/$n.txt)"
    FAILURES=$((FAILURES + 1))
  fi
}
expect_lines() { # expect_lines MARKER REGEX N WHAT: exactly N lines of that block's output match
  local n count
  n="$(block_of "$1")"
  count="$(grep -cE -- "$2" "$OUT/$n.txt" || true)"
  if [ "$count" -eq "$3" ]; then
    echo "ok   block $n: $4"
  else
    echo "FAIL block $n: $4 ($count lines match /$2/ in $OUT/$n.txt, not $3)"
    FAILURES=$((FAILURES + 1))
  fi
}
BOB="5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E"       # //Bob (ed25519)
CHARLIE="5DbKjhNLpqX3zqZdNBc9BGb4fHU1cRBaDhJUskrvkwfraDi6"   # //Charlie (ed25519)
CHARLIE_KEY="AAAAC3NzaC1lZDI1NTE5AAAAIEOWYLNsbAOvr8oCe5ELT\\+z5mAGDTGKl5gBvJ9l43iNP"   # as a regex
echo
echo "== checks"
expect 'dinfra chain --port' 'dev chain ready' "the dev chain started"
expect 'tar xzf' 'bin' "the distribution unpacked"
expect "echo '//Bob'" '^-rw-------' "the provider key file is 0600"
expect "echo '//Bob'" "$BOB" "the provider key is //Bob's"
expect 'agent/bin/start' '-core .*Started' "the console answers bin/client -b: dinfra-core started"
expect 'dinfra agent provision' '^featuresBoot: added dinfra-chain, dinfra-status$' "agent provision boots the chain feature and the status API"
expect 'dinfra agent provision' "^endpoints = ws://127\\.0\\.0\\.1:$CHAIN_PORT\$" "the chain configuration names the dev chain"
expect 'dinfra agent provision' '^registerTypes = true$' "the provider registers the types of its reactors"
expect 'grep -q "Provider registration:" agent/data' "Provider registration: no reactor installed" "the agent follows the chain, nothing to offer yet"
expect 'feature:install dinfra-reactor-dockercompose' "Provider registration: registered type docker-compose" "the agent registered the docker-compose type on chain"
expect 'feature:install dinfra-reactor-dockercompose' "Provider registration: registered the provider: \\[docker-compose at 1000000000\\]" "the agent registered the provider with its offer"
expect 'dinfra:provider-show' 'docker-compose' "the provider offers docker-compose on chain"
expect 'dinfra:provider-show' "$BOB" "provider-show shows //Bob"
expect 'dinfra:provider-show' '"status" ?: ?"UP"' "health UP"
expect 'ssh-keygen -y' "^SSH public key: +ssh-ed25519 $CHARLIE_KEY $CHARLIE\$" "keys inspect shows Charlie's SSH key"
expect_lines 'ssh-keygen -y' "^ssh-ed25519 $CHARLIE_KEY $CHARLIE\$" 2 \
  "ssh-keygen reads that key from the file ssh-private wrote, and ssh-pubkey derives it from the address"
expect 'descriptor check' 'accepted|ok|valid' "the descriptor passes the schema and the default policy"
expect 'dinfra subscribe web.json' "^provider +$BOB" "the subscription is assigned to //Bob"
expect 'dinfra subscribe web.json' '^subscription +[0-9]+$' "subscribe prints the subscription id"
expect 'grep -q Deployed' "Deployed .*127\\.0\\.0\\.1:$WEB_PORT" "reported Deployed on chain, with its endpoint"
expect 'grep -q Deployed' '^hello from my DINFRA deployment$' "the page answers on 127.0.0.1:$WEB_PORT"
expect 'dinfra top-up' '^topped up subscription [0-9]+ by 1000000000000 \(1 DNF\): deposit 3000000000000 \(3 DNF\), end block [0-9]+' "top-up adds 1 DNF"
END_BEFORE="$(awk '$1 == "end" && $2 == "block" {print $3}' "$OUT/$(block_of 'dinfra subscribe web.json').txt")"
END_AFTER="$(sed -n 's/^topped up .*, end block \([0-9]*\) .*/\1/p' "$OUT/$(block_of 'dinfra top-up').txt")"
if [ -n "$END_BEFORE" ] && [ "${END_AFTER:-0}" -eq $((END_BEFORE + 1000)) ]; then
  echo "ok   top-up moved the end block by the 1000 blocks 1 DNF pays ($END_BEFORE -> $END_AFTER)"
else
  echo "FAIL top-up: end block $END_BEFORE -> ${END_AFTER:-?}, not +1000"
  FAILURES=$((FAILURES + 1))
fi
expect 'dinfra:deployments' 'RUNNING' "dinfra:deployments shows it RUNNING"
expect 'dinfra:deployments' 'Endpoint +web:8080/tcp tcp://127\.0\.0\.1:'"$WEB_PORT" "dinfra:deployment shows its endpoint"
expect 'dinfra:deployments' 'Deployment [0-9]+: project dinfra-[0-9]+ running' "dinfra:deployment-log shows the reactor's lines"
expect 'dinfra:deployments' 'Subscription [0-9]+ is Deployed on chain' "dinfra:deployment-log shows the report on chain"
expect 'dinfra:deployments' '^In sync +yes' "dinfra:chain-status: in sync"
expect '/dinfra/api/v1/deployments/' '"state" ?: ?"RUNNING"' "the status API shows it RUNNING"
expect '/dinfra/api/v1/deployments/' '^dinfra_deployments\{state="running"\} 1$' "the metrics count one running deployment"
expect '/dinfra/api/v1/deployments/' "dinfra-[0-9]+.*Up" "its container runs"
expect 'dinfra cancel' "no live subscriptions of $CHARLIE" "no live subscription after the cancel"
expect 'dinfra cancel' '^the page no longer answers$' "the page no longer answers after the cancel (its containers are gone)"
expect 'dinfra cancel' '^cancelled subscription [0-9]+: paid .* refunded ' "cancel prints what was paid and refunded"
expect 'dinfra cancel' '^State +TERMINATED$' "the agent shows the deployment TERMINATED"
[ "$FAILURES" -eq 0 ] || fail "$FAILURES check(s) failed"
