#!/usr/bin/env bash
# CI job `build` (its whole script in .gitlab-ci.yml; scripts/test.sh runs it the same way):
# mvn install -DskipITs compiles everything, runs the unit tests beside each class (surefire),
# packages the distribution and the command line and installs them in the local repository, where
# the integration job's Maven finds them. The unit tests need what scripts/test-env.sh installs and
# starts (Java 17, Maven, OpenSSH, a private Docker engine, the Python venvs) and the dev chain
# (the runtime and Chopsticks: the chain bundle's and the CLI's dev-chain tests fail without them
# under CI=true), made here when the parachain job's output is not at hand.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=lib.sh
source "$ROOT/scripts/ci/lib.sh"
ci_restored_outputs_current
# shellcheck source=../test-env.sh
source "$ROOT/scripts/test-env.sh"

echo "== Dev chain for the unit tests: runtime and Chopsticks (parachain/scripts/build-runtime.sh)"
"$ROOT/parachain/scripts/build-runtime.sh"

cd "$ROOT"
echo "== Java: build, unit tests, install (mvn install -DskipITs)"
mvn -B -ntp install -DskipITs
