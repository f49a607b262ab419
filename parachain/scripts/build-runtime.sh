#!/usr/bin/env bash
# Builds the runtime WASM (cached; a no-op when up to date) and the raw chain spec, and prints
# their paths as the last two lines:
#   DINFRA_RUNTIME_WASM=<path>
#   DINFRA_CHAIN_SPEC=<path>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Debian's rustc-web and its std sources build `no_std` WASM with -Zbuild-std; rustup cannot
# download the wasm target here.
ensure_apt rustc-web cargo-web rust-web-src libstd-rust-web-dev
ensure_cc
LLD="$(find_rust_lld)"
mkdir -p "$OUT_DIR"

cd "$PARACHAIN_DIR"
log "building the runtime WASM (target dir $WASM_TARGET_DIR)"
RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$WASM_TARGET_DIR" \
	RUSTFLAGS="-C linker=$LLD -C target-cpu=mvp -C link-arg=--export-table -C link-arg=--export=__heap_base -C link-arg=--import-memory --cfg substrate_runtime" \
	nice -n 10 /usr/bin/cargo build --locked --release -p dinfra-runtime --no-default-features \
	--target "$WASM_TARGET" -Zbuild-std=core,alloc

BUILT="$WASM_TARGET_DIR/$WASM_TARGET/release/dinfra_runtime.wasm"
WASM="$OUT_DIR/dinfra_runtime.wasm"
SPEC="$OUT_DIR/dinfra-dev.raw.json"
if ! cmp -s "$BUILT" "$WASM"; then
	cp "$BUILT" "$WASM"
fi

ensure_npm
if [ ! -f "$SPEC" ] || [ "$WASM" -nt "$SPEC" ] || [ "$CHAIN_DIR/chain-spec.mjs" -nt "$SPEC" ]; then
	log "generating the raw chain spec"
	node "$CHAIN_DIR/chain-spec.mjs" --wasm "$WASM" --out "$SPEC.tmp" --preset development >&2
	mv "$SPEC.tmp" "$SPEC"
fi
echo "DINFRA_RUNTIME_WASM=$WASM"
echo "DINFRA_CHAIN_SPEC=$SPEC"
