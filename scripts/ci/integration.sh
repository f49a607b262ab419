#!/usr/bin/env bash
# CI job `integration` (its whole script in .gitlab-ci.yml; scripts/test.sh runs it the same way),
# against what the build job built and installed (the target/ directories, the local repository):
#   - the integration tests of itests/karaf (failsafe): Pax Exam boots the distribution, and the
#     distribution runs as a process (SIGKILL mid-deploy, the dev chain through TCP proxies);
#   - the reactor archetype's integration test (archetypes/reactor: a module generated and built);
#   - the Chain Reactor API document against the example external reactor (schemathesis);
#   - ./dinfra up and ./dinfra down on the dev stack (scripts/test-up.sh);
#   - the container images and the Compose dev stack (scripts/test-docker-images.sh);
#   - every command of docs/tutorial.md (scripts/test-tutorial.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=lib.sh
source "$ROOT/scripts/ci/lib.sh"
ci_restored_outputs_current
# shellcheck source=../test-env.sh
source "$ROOT/scripts/test-env.sh"

echo "== Dev chain for the integration tests: runtime and Chopsticks (parachain/scripts/build-runtime.sh)"
"$ROOT/parachain/scripts/build-runtime.sh"

cd "$ROOT"
echo "== Java: integration tests against the built distribution, the reactor archetype's (mvn verify -pl itests/karaf,archetypes/reactor)"
mvn -B -ntp verify -pl itests/karaf,archetypes/reactor

# -- The Chain Reactor API document: schemathesis against the example external reactor (fixed
# seed, bounded cases, every check; scripts/test-api-schemathesis.sh, about 20 s) --
echo "== Chain Reactor API: schemathesis against examples/reactor-python"
"$ROOT/scripts/test-api-schemathesis.sh"

# -- The main job: ./dinfra up reaches a deployment reported on chain, ./dinfra down stops it all --
echo "== End to end: ./dinfra up and ./dinfra down (scripts/test-up.sh)"
"$ROOT/scripts/test-up.sh"

# -- Containers: the agent and chain images built on a locally made Debian base (no registry
# here), the dev stack run from docker/compose.yaml (scripts/test-docker-images.sh) --
echo "== Containers: agent and chain images, the dev stack in Compose"
"$ROOT/scripts/test-docker-images.sh"

# -- docs/tutorial.md: every sh block run in order by scripts/test-tutorial.sh, its outcomes checked --
echo "== Tutorial: docs/tutorial.md, every command (scripts/test-tutorial.sh)"
"$ROOT/scripts/test-tutorial.sh"
