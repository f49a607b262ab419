#!/usr/bin/env bash
# Generates pallets/*/src/weights.rs with frame-omni-bencher from the runtime WASM built with
# `runtime-benchmarks`. Not part of CI: the bencher takes over an hour to build on 2 cores
# (parachain/README.md, "Weights and benchmarks").
#   scripts/benchmark/run.sh [STEPS] [REPEAT]     (defaults 50 20)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
STEPS="${1:-50}"
REPEAT="${2:-20}"

ensure_apt rustc-web cargo-web rust-web-src libstd-rust-web-dev protobuf-compiler clang libclang-dev
ensure_cc
TOOLS="$DINFRA_CACHE/tools"
BENCHER="$TOOLS/bin/frame-omni-bencher"
if [ ! -x "$BENCHER" ]; then
	log "installing frame-omni-bencher 0.28.0 (stable2609) into $TOOLS"
	# SKIP_WASM_BUILD: a test runtime among its dependencies (frame-storage-access-test-runtime, for
	# `benchmark storage`) would need rustup's wasm32 target; pallet benchmarks do not use it.
	SKIP_WASM_BUILD=1 CARGO_TARGET_DIR="$DINFRA_CACHE/cargo-target-tools" nice -n 10 \
		cargo install --locked --root "$TOOLS" frame-omni-bencher --version =0.28.0
fi

LLD="$(find_rust_lld)"
BENCH_TARGET_DIR="$DINFRA_CACHE/cargo-target-wasm-bench"
cd "$PARACHAIN_DIR"
log "building the runtime WASM with runtime-benchmarks"
RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$BENCH_TARGET_DIR" \
	RUSTFLAGS="-C linker=$LLD -C target-cpu=mvp -C link-arg=--export-table -C link-arg=--export=__heap_base -C link-arg=--import-memory --cfg substrate_runtime" \
	nice -n 10 /usr/bin/cargo build --locked --release -p dinfra-runtime --no-default-features \
	--features runtime-benchmarks --target "$WASM_TARGET" -Zbuild-std=core,alloc
WASM="$BENCH_TARGET_DIR/$WASM_TARGET/release/dinfra_runtime.wasm"

for pallet in providers subscriptions; do
	log "benchmarking pallet_dinfra_$pallet"
	"$BENCHER" v1 benchmark pallet \
		--runtime "$WASM" \
		--genesis-builder-preset development \
		--pallet "pallet_dinfra_$pallet" --extrinsic '*' \
		--steps "$STEPS" --repeat "$REPEAT" \
		--template "$PARACHAIN_DIR/scripts/benchmark/pallet-weights.hbs" \
		--output "$PARACHAIN_DIR/pallets/$pallet/src/weights.rs"
done
