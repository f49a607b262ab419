#!/usr/bin/env bash
# Runs every test of the repository: the jobs of the CI pipeline (.gitlab-ci.yml) in stage order,
# each being scripts/ci/<job>.sh, which installs what its tests need first (its top says what):
#   parachain    the runtime WASM and Chopsticks, the pallets' tests (cargo test), the dev-chain
#                smoke test;
#   build        Java 17, Maven, OpenSSH, a private Docker engine and Python venvs
#                (scripts/test-env.sh), then mvn install -DskipITs: the unit tests (surefire);
#   integration  the integration tests against the built distribution (failsafe: Pax Exam, and the
#                agent as a real process killed with SIGKILL), the reactor archetype's, the API
#                document against the example reactor (schemathesis), ./dinfra up and down
#                (scripts/test-up.sh), the container images and the Compose dev stack
#                (scripts/test-docker-images.sh), every command of docs/tutorial.md
#                (scripts/test-tutorial.sh).
# Under CI=true (.ci/run) the jobs run through gitlab-ci-local (scripts/ci/pipeline.sh), each in a
# fresh copy of the clone with only the artifacts the yml declares: the pipeline runs as written.
# Otherwise they run one after the other in this working tree. DINFRA_TEST_PIPELINE=gitlab-ci-local
# or =direct chooses either way. Stops at the first failing job, prints the closing lines of each
# Maven run (Surefire's and Failsafe's totals per module, the verdict) and exits non-zero then.
# Maven artifacts are cached in ~/.m2, cargo output and venvs under ~/.cache/dinfra (outside the clone).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

# The jobs, in stage order: the `- scripts/ci/<job>.sh` script lines of .gitlab-ci.yml.
mapfile -t JOBS < <(sed -n 's|^    - scripts/ci/\([a-z0-9_-]*\)\.sh$|\1|p' "$ROOT/.gitlab-ci.yml")
if [ "${#JOBS[@]}" -eq 0 ]; then
  echo "error: no job of .gitlab-ci.yml runs scripts/ci/<job>.sh" >&2
  exit 1
fi

if [ "${CI:-}" = true ]; then
  PIPELINE="${DINFRA_TEST_PIPELINE:-gitlab-ci-local}"
else
  PIPELINE="${DINFRA_TEST_PIPELINE:-direct}"
fi
rc=0
start=$SECONDS
case "$PIPELINE" in
  gitlab-ci-local)
    LOGS="$ROOT/.gitlab-ci-local/output"
    rm -rf "$LOGS"
    echo "== The pipeline (.gitlab-ci.yml: ${JOBS[*]}) through gitlab-ci-local (scripts/ci/pipeline.sh)"
    "$ROOT/scripts/ci/pipeline.sh" || rc=$?
    ;;
  direct)
    LOGS="$(mktemp -d "${TMPDIR:-/tmp}/dinfra-test.XXXXXX")"
    for job in "${JOBS[@]}"; do
      echo "== Job $job (scripts/ci/$job.sh; log $LOGS/$job.log)"
      "$ROOT/scripts/ci/$job.sh" 2>&1 | tee "$LOGS/$job.log" || { rc=$?; break; }
    done
    ;;
  *)
    echo "error: DINFRA_TEST_PIPELINE is gitlab-ci-local or direct, not $PIPELINE" >&2
    exit 2
    ;;
esac

echo "== Jobs ${JOBS[*]}: $([ "$rc" -eq 0 ] && echo passed || echo "failed (exit $rc)") in $(( (SECONDS - start) / 60 )) min; Maven's results:"
for job in "${JOBS[@]}"; do
  [ -f "$LOGS/$job.log" ] || continue
  # module totals, the tests that failed (Surefire and Failsafe list them indented), the verdict
  results="$(grep -E -e '^\[(INFO|WARNING|ERROR)\] (Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$|BUILD (SUCCESS|FAILURE)$|Total time:)' \
    -e '^\[ERROR\] (Failures:|Errors:|  +[^ ])' "$LOGS/$job.log" || true)"
  if [ -n "$results" ]; then
    echo "-- $job ($LOGS/$job.log)"
    echo "$results"
  fi
done
exit "$rc"
