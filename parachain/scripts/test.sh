#!/usr/bin/env bash
# Runs the pallet unit tests and benchmark tests (mock runtime). Exits non-zero on failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_cc
cd "$PARACHAIN_DIR"
log "cargo test of the pallets (target dir $CARGO_TARGET_DIR)"
nice -n 10 cargo test --locked --features runtime-benchmarks \
	-p pallet-dinfra-providers -p pallet-dinfra-subscriptions
