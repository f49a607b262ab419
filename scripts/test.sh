#!/usr/bin/env bash
# Runs every test of the repository, installing what the tests need first:
#   - Java 17, Maven, OpenSSH client and server (Debian packages);
#   - a private Docker engine, Python venvs for the CloudStack signing cross-check and the example
#     external reactor (each block below says what and why);
#   - the Maven build with unit tests (surefire) and integration tests against the built Karaf
#     distribution (failsafe: Pax Exam, and the agent as a real process killed with SIGKILL);
#   - the parachain's pallet tests and the dev-chain smoke test;
#   - the Chain Reactor API document against the example external reactor (schemathesis);
#   - ./dinfra up and ./dinfra down on the dev stack (scripts/test-up.sh);
#   - the container images and the Compose dev stack (scripts/test-docker-images.sh);
#   - every command of docs/tutorial.md (scripts/test-tutorial.sh).
# Maven artifacts are cached in ~/.m2, cargo output and venvs under ~/.cache/dinfra (outside the clone).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

# What the tests need installed and running (exports DOCKER_HOST and DINFRA_CLOUDSTACK_PYTHON;
# stops the Docker engine it started when this script exits).
# shellcheck source=test-env.sh
source "$ROOT/scripts/test-env.sh"

# -- Parachain: pallet unit and benchmark tests, then the dev-chain smoke test --
# cargo output is cached outside the clone (~/.cache/dinfra/cargo-target*); the runtime WASM is
# built with Debian's rustc-web toolchain (installed by the script when missing) and served by
# Chopsticks (npm, pinned by parachain/chain/package-lock.json). See parachain/README.md.
# First, so that the chain bundle's dev-chain test finds the runtime built and Chopsticks installed.
echo "== Parachain: pallet tests (cargo test)"
"$ROOT/parachain/scripts/test.sh"
echo "== Parachain: dev chain smoke test (@polkadot/api against the runtime served by Chopsticks)"
"$ROOT/parachain/scripts/smoke-test.sh"

# -- The Chain Reactor API document: schemathesis against the example external reactor (fixed
# seed, bounded cases, every check; scripts/test-api-schemathesis.sh, about 15 s) --
echo "== Chain Reactor API: schemathesis against examples/reactor-python"
"$ROOT/scripts/test-api-schemathesis.sh"

cd "$ROOT"
echo "== Java: unit and integration tests (mvn install)"
mvn -B -ntp install

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
