#!/usr/bin/env bash
# Runs every test of the repository, installing what the tests need first:
#   - Java 17, Maven, OpenSSH client and server (Debian packages);
#   - the Maven build with unit tests (surefire) and integration tests against the built Karaf
#     distribution (failsafe: Pax Exam, and the agent as a real process killed with SIGKILL);
# Maven artifacts are cached in ~/.m2 (outside the clone).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

dinfra_require_java_maven
dinfra_require_commands ssh-keygen:openssh-client ssh:openssh-client sshd:openssh-server

cd "$ROOT"
echo "== Java: unit and integration tests (mvn install)"
mvn -B -ntp install
