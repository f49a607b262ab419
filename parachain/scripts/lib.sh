# Shared helpers of the parachain scripts (sourced, not executed).
# Everything cached lives outside the repository, under $DINFRA_CACHE.

PARACHAIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DINFRA_CACHE="${DINFRA_CACHE:-$HOME/.cache/dinfra}"
# Native builds (pallet tests) and WASM builds use separate target directories.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$DINFRA_CACHE/cargo-target}"
WASM_TARGET=wasm32-unknown-unknown
WASM_TARGET_DIR="$DINFRA_CACHE/cargo-target-wasm"
OUT_DIR="$DINFRA_CACHE/parachain"
CHAIN_DIR="$PARACHAIN_DIR/chain"
# The repository's shared shell helpers (free ports, stop by pid, wait).
# shellcheck source=../../scripts/lib.sh
source "$PARACHAIN_DIR/../scripts/lib.sh"

log() { echo "[parachain] $*" >&2; }

# Installs the Debian packages that are missing (idempotent).
ensure_apt() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# A C toolchain for the few crates with C code.
ensure_cc() {
	command -v cc >/dev/null 2>&1 || ensure_apt build-essential
}

# Installs the pinned npm packages of chain/ (npm ci, no install scripts) when needed, then
# compiles the one native module used, sqlite3 (Chopsticks' database for chain.sh --db), from
# its sources with node-gyp and the node headers (no prebuilt binary is downloaded).
ensure_npm() {
	local stamp="$CHAIN_DIR/node_modules/.package-lock.json"
	if [ ! -f "$stamp" ] || [ "$CHAIN_DIR/package-lock.json" -nt "$stamp" ]; then
		log "npm ci in chain/"
		(cd "$CHAIN_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	fi
	if [ ! -f "$CHAIN_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]; then
		ensure_cc
		log "building sqlite3's native module in chain/ (about a minute)"
		(cd "$CHAIN_DIR" && npm rebuild sqlite3 --build-from-source --loglevel=error)
	fi
}

# The WASM linker: rust-lld of the rustup toolchain, else Debian's wasm-ld.
find_rust_lld() {
	local c
	for c in \
		"$(rustc --print sysroot 2>/dev/null)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld" \
		"$(command -v rust-lld 2>/dev/null)" \
		"$(command -v wasm-ld 2>/dev/null)"; do
		if [ -n "$c" ] && [ -x "$c" ]; then
			echo "$c"
			return 0
		fi
	done
	ensure_apt lld
	command -v wasm-ld
}
