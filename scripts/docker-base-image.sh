#!/usr/bin/env bash
# Builds the local base image of the DINFRA container images, since no image registry is reachable:
#   dinfra/debian-base:bookworm   a Debian 12 rootfs made by `debootstrap --variant=minbase bookworm`
#                                 from Debian's mirror (the first one in /etc/apt/sources.list*),
#                                 with apt sources for bookworm, bookworm-updates and
#                                 bookworm-security, imported with `docker import`.
# The JRE and Node layers go on top of it in docker/agent/Dockerfile and docker/chain/Dockerfile
# (`--build-arg BASE_IMAGE=dinfra/debian-base:bookworm`); their default bases stay the public ones.
#
#   scripts/docker-base-image.sh [--force]
#
# The rootfs tarball is cached in $DINFRA_CACHE/docker-base (default ~/.cache/dinfra): a second run
# only imports it (or does nothing when the image exists). --force makes a new rootfs.
# Uses DOCKER_HOST as set (see scripts/docker-engine.sh). Needs root (debootstrap).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

FORCE=false
case "${1:-}" in
  --force) FORCE=true ;;
  "") ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
IMAGE="dinfra/debian-base:bookworm"
SUITE=bookworm
CACHE="${DINFRA_CACHE:-$HOME/.cache/dinfra}/docker-base"
TARBALL="$CACHE/debian-$SUITE-minbase.tar.gz"

if ! $FORCE && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE present"
  exit 0
fi

# The Debian mirror this machine uses: deb822 "URIs:" or one-line "deb URI suite ...".
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri="$( { sed -n 's/^URIs:[[:space:]]*//p' "$f" | tr ' ' '\n'
              sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]\+\).*/\2/p' "$f"; } \
            | grep -E '^https?://.*/debian/?$' | head -1)"
    if [ -n "$uri" ]; then
      echo "${uri%/}"
      return 0
    fi
  done
  echo "http://deb.debian.org/debian"
}

if $FORCE || [ ! -s "$TARBALL" ]; then
  dinfra_require_commands debootstrap:debootstrap
  MIRROR="$(debian_mirror)"
  SECURITY="${MIRROR%/debian}/debian-security"
  mkdir -p "$CACHE"
  WORK="$(mktemp -d "$CACHE/rootfs.XXXXXX")"
  # debootstrap mounts proc and sys in the rootfs: unmount whatever is left there before removing it.
  cleanup() {
    awk -v r="$WORK/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
    rm -rf "$WORK"
  }
  trap cleanup EXIT
  R="$WORK/rootfs"
  echo "debootstrap --variant=minbase $SUITE from $MIRROR (log: $CACHE/debootstrap.log) ..." >&2
  if ! debootstrap --variant=minbase "$SUITE" "$R" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1; then
    echo "error: debootstrap failed; last lines of $CACHE/debootstrap.log:" >&2
    tail -20 "$CACHE/debootstrap.log" >&2
    exit 1
  fi
  rm -f "$R/etc/apt/sources.list"
  cat >"$R/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # Small images: no package caches, no docs, no recommends (as Debian's official images do).
  cat >"$R/etc/apt/apt.conf.d/90dinfra-container" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
EOF
  cat >"$R/etc/dpkg/dpkg.cfg.d/90dinfra-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
  rm -rf "${R:?}"/var/cache/apt/archives/*.deb "${R:?}"/var/lib/apt/lists/* "${R:?}"/dev/* "${R:?}"/tmp/* \
    "${R:?}"/var/log/*.log "${R:?}"/var/log/apt/*
  echo "$SUITE minbase from $MIRROR, $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$R/etc/dinfra-base"
  tar -C "$R" --numeric-owner -czf "$TARBALL.tmp" .
  mv "$TARBALL.tmp" "$TARBALL"
fi

docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'CMD ["/bin/bash"]' \
  "$TARBALL" "$IMAGE" >/dev/null
echo "$IMAGE built ($(tar -xzOf "$TARBALL" ./etc/dinfra-base))"
