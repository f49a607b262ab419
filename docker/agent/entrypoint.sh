#!/bin/sh
# Entry point of the DINFRA agent image: prepares etc/ and runs Karaf in the foreground
# (bin/karaf run: no local console, log on stdout) as PID 1's child under tini.
#
#   DINFRA_BOOT_FEATURES  features to install at the first start, comma or space separated, for
#                         example "dinfra-chain dinfra-reactor-dockercompose dinfra-status": added
#                         to featuresBoot in etc/org.apache.karaf.features.cfg (Karaf installs boot
#                         features once, on an empty data volume; later use feature:install)
#   ORG_DINFRA_..._KEY    Karaf's own override of any configuration key: the PID and the key in
#                         capitals, dots and dashes as _, e.g. ORG_DINFRA_CHAIN_ENDPOINTS
#                         overrides endpoints of etc/org.dinfra.chain.cfg
# Arguments are passed to bin/karaf run.
set -eu
KARAF_HOME=/opt/dinfra
# bin/karaf warns without JAVA_HOME: the JRE that `java` on PATH belongs to.
if [ -z "${JAVA_HOME:-}" ]; then
	JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
	export JAVA_HOME
fi
ETC="$KARAF_HOME/etc"
FEATURES_CFG="$ETC/org.apache.karaf.features.cfg"

# An empty etc volume (or bind mount) gets the distribution's configuration.
if [ -z "$(ls -A "$ETC" 2>/dev/null)" ]; then
	echo "dinfra: etc/ is empty: copying the distribution's configuration"
	cp -R "$KARAF_HOME/etc.dist/." "$ETC/"
fi
if [ ! -w "$ETC" ] || [ ! -w "$KARAF_HOME/data" ]; then
	echo "error: $ETC and $KARAF_HOME/data must be writable by uid $(id -u) (chown a bind mount to it)" >&2
	exit 1
fi

# The DINFRA features the distribution knows (its features repository in system/).
known_features() {
	cat "$KARAF_HOME"/system/org/dinfra/dinfra-features/*/dinfra-features-*-features.xml 2>/dev/null \
		| sed -n 's/.*<feature name="\([^"]*\)".*/\1/p'
}

# The features of featuresBoot, one per line, without versions.
boot_features() {
	awk '
		/^[[:space:]]*featuresBoot[[:space:]]*=/ { on = 1; sub(/^[^=]*=/, "") }
		on { line = $0; cont = sub(/\\[[:space:]]*$/, "", line); printf "%s,", line; if (!cont) on = 0 }
	' "$FEATURES_CFG" | tr ',' '\n' | sed 's/[[:space:]]//g; s|/.*||' | grep -v '^$' || true
}

if [ -n "${DINFRA_BOOT_FEATURES:-}" ]; then
	add=""
	for f in $(echo "$DINFRA_BOOT_FEATURES" | tr ',' ' '); do
		case "$f" in
			dinfra-*)
				if ! known_features | grep -qx "$f"; then
					echo "error: DINFRA_BOOT_FEATURES: no feature $f in this distribution (it has: $(known_features | tr '\n' ' '))" >&2
					exit 1
				fi
				;;
		esac
		boot_features | grep -qx "$f" || add="$add$f, "
	done
	if [ -n "$add" ]; then
		echo "dinfra: boot features added: ${add%, }"
		sed -i "s|^\([[:space:]]*featuresBoot[[:space:]]*=[[:space:]]*\)|\1$add|" "$FEATURES_CFG"
	fi
fi

exec "$KARAF_HOME/bin/karaf" run "$@"
