#!/usr/bin/env bash
# Starts the example external reactor (type python-file) on 127.0.0.1.
#   examples/reactor-python/run.sh [--port 8081] [--token-file FILE] [--state-dir DIR] ...
# The token comes from --token-file or $DINFRA_REACTOR_TOKEN. First run:
#   - creates a venv in ~/.cache/dinfra/venv-reactor-python and installs requirements.txt (pinned);
#   - generates the server stubs from api/chain-reactor-api.yaml with openapi-generator
#     (python-fastapi; `mvn generate-sources` of api/, which runs from Maven Central) into
#     ~/.cache/dinfra/reactor-python-stubs/<hash of the document>; they are never committed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${DINFRA_CACHE:-$HOME/.cache/dinfra}"
VENV="$CACHE/venv-reactor-python"
SPEC="$ROOT/api/chain-reactor-api.yaml"
SPEC_HASH="$(sha256sum "$SPEC" | cut -c1-16)"
STUBS="$CACHE/reactor-python-stubs/$SPEC_HASH"
REQ_HASH="$(sha256sum "$HERE/requirements.txt" | cut -c1-16)"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if [ "$(cat "$VENV/.dinfra-requirements" 2>/dev/null)" != "$REQ_HASH" ]; then
  "$VENV/bin/pip" install -q -r "$HERE/requirements.txt" >&2
  echo "$REQ_HASH" > "$VENV/.dinfra-requirements"
fi
if [ ! -f "$STUBS/src/openapi_server/main.py" ]; then
  mkdir -p "$(dirname "$STUBS")"
  # offline first (the plugin is usually in ~/.m2 already), then from Maven Central
  mvn -B -q -o -f "$ROOT/api/pom.xml" generate-sources -Dpython.stubs.dir="$STUBS.tmp" >&2 \
    || mvn -B -q -f "$ROOT/api/pom.xml" generate-sources -Dpython.stubs.dir="$STUBS.tmp" >&2
  rm -rf "$STUBS" && mv "$STUBS.tmp" "$STUBS"
fi
export PYTHONPATH="$STUBS/src:$HERE${PYTHONPATH:+:$PYTHONPATH}"
exec "$VENV/bin/python" -m reactor_python "$@"
