# Shared by the CI job scripts (scripts/ci/<job>.sh). Source it after scripts/lib.sh; needs ROOT.

# Marks what this job restored from earlier jobs of its pipeline (the target/ directories, the dev
# chain's node_modules) as newer than the checkout. On GitLab the checkout is made when the job
# starts, after those outputs were built, and artifacts keep their build times: without this the
# staleness rules (dinfra_sources_newer_than in scripts/lib.sh, the CLI's Build, the npm stamp in
# parachain/scripts/lib.sh) would rebuild what this pipeline built for this very commit. Only in a
# CI job (CI_JOB_ID is set by GitLab and by gitlab-ci-local): run by hand, a stale build stays stale.
ci_restored_outputs_current() {
  [ -n "${CI_JOB_ID:-}" ] || return 0
  local dir stamp="$ROOT/parachain/chain/node_modules/.package-lock.json"
  while IFS= read -r -d '' dir; do
    find "$dir" -exec touch -c -h {} +
  done < <(find "$ROOT" \( -path "$ROOT/.git" -o -path "$ROOT/.gitlab-ci-local" -o -name node_modules \) -prune \
    -o -type d -name target -prune -print0)
  if [ -f "$stamp" ]; then
    touch "$stamp"
  fi
}
