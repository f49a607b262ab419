# The environment the tests need, installed and started when missing. Source it (from
# scripts/test.sh, or a CI job): it exports DOCKER_HOST and DINFRA_CLOUDSTACK_PYTHON and sets an
# EXIT trap that stops the Docker engine it started (and nothing else).
# Needs ROOT (the repository) and scripts/lib.sh sourced.

dinfra_require_java_maven
dinfra_require_commands ssh-keygen:openssh-client ssh:openssh-client sshd:openssh-server

# -- Docker engine for the docker-compose reactor (bundles/reactor-dockercompose and its ITs) --
# Starts a private dockerd (scripts/docker-engine.sh: own data root, socket and pid file under
# $DINFRA_TEST_STATE, default ~/.cache/dinfra/test-docker) unless DOCKER_HOST already names an
# engine that answers, builds the test images locally (no registry is reachable) and exports
# DOCKER_HOST for the tests. An engine started here is stopped by its pid file on exit; one that
# was running already (another run's) is used and left running.
# Its state stays under $HOME, not $DINFRA_CACHE: a CI cache is no place for an engine's data root.
DINFRA_DOCKER_STATE="${DINFRA_TEST_STATE:-$HOME/.cache/dinfra/test-docker}"
if [ -z "${DOCKER_HOST:-}" ] || ! timeout 20 docker info >/dev/null 2>&1; then
  echo "== Docker engine for the docker-compose tests ($DINFRA_DOCKER_STATE)"
  eval "$("$ROOT/scripts/docker-engine.sh" start "$DINFRA_DOCKER_STATE")"
  # only an engine this run started: another run (a second checkout's tests) may use the same one
  if [ "$DINFRA_DOCKER_STARTED" = 1 ]; then
    trap '"$ROOT/scripts/docker-engine.sh" stop "$DINFRA_DOCKER_STATE"' EXIT
  fi
fi
export DOCKER_HOST
"$ROOT/scripts/docker-test-images.sh"

# -- Reference CloudStack clients for the CloudStack reactor's signing test (bundles/reactor-cloudstack) --
# CrossClientSigningTest signs the same requests with PyPI cs and Apache Libcloud (pinned here)
# and compares with the reactor's signer; it fails without this venv ($DINFRA_CACHE/venv-cloudstack).
DINFRA_CLOUDSTACK_VENV="${DINFRA_CACHE:-$HOME/.cache/dinfra}/venv-cloudstack"
if ! "$DINFRA_CLOUDSTACK_VENV/bin/python" -c 'import importlib.metadata as m, sys
sys.exit(m.version("cs") != "5.2.0" or m.version("apache-libcloud") != "3.9.1")' >/dev/null 2>&1; then
  echo "== Python venv with cs and apache-libcloud ($DINFRA_CLOUDSTACK_VENV)"
  python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' >/dev/null 2>&1 \
    || dinfra_apt_install python3 python3-venv
  rm -rf "$DINFRA_CLOUDSTACK_VENV"
  python3 -m venv "$DINFRA_CLOUDSTACK_VENV"
  "$DINFRA_CLOUDSTACK_VENV/bin/pip" install -q cs==5.2.0 apache-libcloud==3.9.1
fi
export DINFRA_CLOUDSTACK_PYTHON="$DINFRA_CLOUDSTACK_VENV/bin/python"

# -- Example external reactor in Python (examples/reactor-python) for the HTTP bridge's tests --
# PythonReactorConformanceTest (bundles/reactor-http) and HttpReactorPaxExamIT start it with its
# run.sh, which creates $DINFRA_CACHE/venv-reactor-python (pinned requirements.txt; DINFRA_CACHE
# defaults to ~/.cache/dinfra) and generates its server stubs from api/chain-reactor-api.yaml; it
# needs python3 with venv.
# Prepared here once so that the first test does not spend its time on pip.
python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' >/dev/null 2>&1 \
  || dinfra_apt_install python3 python3-venv
echo "== Python venv and stubs of the example external reactor"
"$ROOT/examples/reactor-python/run.sh" --help >/dev/null

