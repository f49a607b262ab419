#!/bin/sh
# Entry point of the DINFRA agent image: provisions etc/ from the environment with the command
# line's `dinfra agent provision` (in /opt/dinfra-cli), then runs Karaf in the foreground
# (bin/karaf run: no local console, log on stdout) as PID 1's child under tini.
#
#   DINFRA_ENDPOINTS         follow the chain of these nodes as a provider (ws:// or wss://, comma
#                            or space separated): feature dinfra-chain and etc/org.dinfra.chain.cfg,
#                            registering the provider and its types; the provider's key comes from
#                            DINFRA_PROVIDER_SURI, or the file DINFRA_PROVIDER_KEY_FILE (readable by
#                            uid 10001 only)
#   DINFRA_REACTORS          reactors to serve: descriptor types or feature names, e.g. "docker-compose"
#   DINFRA_BOOT_FEATURES     other features, e.g. "dinfra-status"
#                            (Karaf installs boot features at the first start, on an empty data
#                            volume; later use feature:install. A name the distribution does not
#                            have stops the container with an error: line.)
#   ORG_DINFRA_..._KEY       Karaf's own override of any configuration key: the PID and the key in
#                            capitals, dots and dashes as _, e.g. ORG_DINFRA_CHAIN_CAPACITY
#                            overrides capacity of etc/org.dinfra.chain.cfg
# Provisioning runs at every start and changes nothing when etc/ is provisioned so already.
# Arguments are passed to bin/karaf run.
set -eu
KARAF_HOME=/opt/dinfra
CLI=/opt/dinfra-cli
# bin/karaf warns without JAVA_HOME: the JRE that `java` on PATH belongs to.
if [ -z "${JAVA_HOME:-}" ]; then
	JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
	export JAVA_HOME
fi
ETC="$KARAF_HOME/etc"

# An empty etc volume (or bind mount) gets the distribution's configuration.
if [ -z "$(ls -A "$ETC" 2>/dev/null)" ]; then
	echo "dinfra: etc/ is empty: copying the distribution's configuration"
	cp -R "$KARAF_HOME/etc.dist/." "$ETC/"
fi
if [ ! -w "$ETC" ] || [ ! -w "$KARAF_HOME/data" ]; then
	echo "error: $ETC and $KARAF_HOME/data must be writable by uid $(id -u) (chown a bind mount to it)" >&2
	exit 1
fi

# dinfra agent provision with the options the environment gives (a function: its own "$@").
provision() {
	set -f
	set -- agent provision "$KARAF_HOME"
	for e in $(echo "${DINFRA_ENDPOINTS:-}" | tr ',' ' '); do set -- "$@" --endpoint "$e"; done
	for r in $(echo "${DINFRA_REACTORS:-}" | tr ',' ' '); do set -- "$@" --reactor "$r"; done
	for f in $(echo "${DINFRA_BOOT_FEATURES:-}" | tr ',' ' '); do set -- "$@" --feature "$f"; done
	if [ -n "${DINFRA_PROVIDER_KEY_FILE:-}" ]; then
		set -- "$@" --provider-key-file "$DINFRA_PROVIDER_KEY_FILE"
	fi
	set +f
	java -cp "$CLI/dinfra-cli.jar:$CLI/lib/*" org.dinfra.cli.Main "$@"
}
if [ -n "${DINFRA_ENDPOINTS:-}${DINFRA_REACTORS:-}${DINFRA_BOOT_FEATURES:-}${DINFRA_PROVIDER_KEY_FILE:-}" ]; then
	provision || exit 1
fi

exec "$KARAF_HOME/bin/karaf" run "$@"
