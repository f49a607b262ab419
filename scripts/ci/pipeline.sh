#!/usr/bin/env bash
# Runs .gitlab-ci.yml on this clone with gitlab-ci-local, as a GitLab runner would run it:
#
#   scripts/ci/pipeline.sh [JOB ...]    every job, stage by stage (default), or only the named jobs
#
# Each job runs in its own copy of the clone's tracked files (.gitlab-ci-local/builds/<job>, like a
# fresh checkout; new files not yet added to git are not in it) with only the artifacts of the
# earlier stages that the yml declares (--shell-isolation), on this host (--force-shell-executor:
# no registry serves the yml's image here; the host is the image's Debian 12 with Node). A job that
# needs something no earlier job hands over fails here as it would on GitLab.
#
# The runner's caches are this machine's: ~/.m2, ~/.cargo and $DINFRA_CACHE (default
# ~/.cache/dinfra) are given to the jobs as runner-level variables, which take precedence over the
# yml's $CI_PROJECT_DIR ones as a runner's settings do (the yml's cache would make every run cold).
# With a forced shell executor gitlab-ci-local sets CI_PROJECT_DIR to the image's /builds path:
# the job scripts find the clone from their own path instead.
#
# gitlab-ci-local is pinned with its dependencies in scripts/ci/gitlab-ci-local/package-lock.json
# and installed with npm ci under $DINFRA_CACHE/gitlab-ci-local when missing or changed (its re2
# module is compiled from source, about three minutes; no prebuilt binary is downloaded).
# Job logs: .gitlab-ci-local/output/<job>.log. Exits non-zero when a job fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/scripts/lib.sh"

CACHE="${DINFRA_CACHE:-$HOME/.cache/dinfra}"
PIN="$ROOT/scripts/ci/gitlab-ci-local"
GCL_DIR="$CACHE/gitlab-ci-local"
GCL="$GCL_DIR/node_modules/.bin/gitlab-ci-local"

# gitlab-ci-local copies the clone and the artifacts with rsync; npm builds re2 with a C++ compiler.
dinfra_require_commands git:git rsync:rsync node:nodejs npm:npm make:make g++:g++ python3:python3
if [ ! -x "$GCL" ] || ! cmp -s "$PIN/package-lock.json" "$GCL_DIR/package-lock.json"; then
  echo "== Installing gitlab-ci-local $(sed -n 's/.*"gitlab-ci-local": "\(.*\)".*/\1/p' "$PIN/package.json") in $GCL_DIR (npm ci)"
  rm -rf "$GCL_DIR"
  mkdir -p "$GCL_DIR"
  cp "$PIN/package.json" "$PIN/package-lock.json" "$GCL_DIR/"
  (cd "$GCL_DIR" && RE2_DOWNLOAD_SKIP_PATH=1 npm ci --no-audit --no-fund --loglevel=error)
fi

cd "$ROOT"
exec "$GCL" --home "$GCL_DIR" \
  --force-shell-executor --shell-isolation --no-artifacts-to-source \
  --color=false --timestamps \
  --variable "MAVEN_OPTS=${MAVEN_OPTS:+$MAVEN_OPTS }-Dmaven.repo.local=$HOME/.m2/repository" \
  --variable "CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}" \
  --variable "DINFRA_CACHE=$CACHE" \
  "$@"
