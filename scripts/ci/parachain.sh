#!/usr/bin/env bash
# CI job `parachain` (its whole script in .gitlab-ci.yml; scripts/test.sh runs it the same way):
#   - the runtime WASM, its raw chain spec and Chopsticks (parachain/scripts/build-runtime.sh, which
#     installs Debian's rustc-web toolchain when missing: a bare machine gets its cargo there);
#   - the pallets' unit and benchmark tests (cargo test, mock runtime);
#   - the dev-chain smoke test (@polkadot/api against the runtime served by Chopsticks).
# cargo output and the runtime are cached under $DINFRA_CACHE (default ~/.cache/dinfra).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

echo "== Parachain: runtime WASM, chain spec and Chopsticks (parachain/scripts/build-runtime.sh)"
"$ROOT/parachain/scripts/build-runtime.sh"
echo "== Parachain: pallet tests (cargo test)"
"$ROOT/parachain/scripts/test.sh"
echo "== Parachain: dev chain smoke test (@polkadot/api against the runtime served by Chopsticks)"
"$ROOT/parachain/scripts/smoke-test.sh"
