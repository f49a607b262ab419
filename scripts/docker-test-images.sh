#!/usr/bin/env bash
# Builds the images the docker-compose reactor's tests run, locally (no registry is reachable):
#   dinfra/busybox:test   a busybox rootfs made from Debian's busybox-static (/bin/busybox with its
#                         applets linked in /bin), imported with `docker import`. The HTTP test
#                         service runs `busybox httpd -f -p 8080 -h /www`; /www/index.html holds
#                         "dinfra busybox test image".
# Uses DOCKER_HOST as set (see scripts/docker-engine.sh). Rebuilds nothing that exists unless
# --force is given.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

FORCE=false
[ "${1:-}" = "--force" ] && FORCE=true
IMAGE="dinfra/busybox:test"

if ! $FORCE && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE present"
  exit 0
fi
[ -x /bin/busybox ] || dinfra_apt_install busybox-static
if ! /bin/busybox --list >/dev/null 2>&1 || ldd /bin/busybox >/dev/null 2>&1; then
  echo "/bin/busybox must be the static busybox (Debian's busybox-static)" >&2
  exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/dinfra-images.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
R="$WORK/rootfs"
mkdir -p "$R/bin" "$R/www" "$R/tmp" "$R/etc" "$R/proc" "$R/sys" "$R/dev"
cp /bin/busybox "$R/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -s busybox "$R/bin/$applet"
done
chmod 1777 "$R/tmp"
echo "dinfra busybox test image" > "$R/www/index.html"
echo "root:x:0:0:root:/root:/bin/sh" > "$R/etc/passwd"
echo "root:x:0:" > "$R/etc/group"
tar -C "$R" -c . | docker import \
  -c 'ENV PATH=/bin' \
  -c 'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]' \
  - "$IMAGE" >/dev/null
echo "$IMAGE built"
