# Shared shell functions of ./dinfra and the test scripts. Source it; do not run it.

# Installs a Debian package when its command is missing (root, or sudo when available).
dinfra_apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -z "${DINFRA_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq >&2
    export DINFRA_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# Java 17 and Maven 3, installed from Debian's packages when missing.
dinfra_require_java_maven() {
  if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
    echo "Installing Java 17 ..." >&2
    dinfra_apt_install openjdk-17-jdk-headless
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Installing Maven ..." >&2
    dinfra_apt_install maven
  fi
}

# The one rule of whether a build output (the command line's jar, the agent distribution) is stale,
# asked by ./dinfra, ./dinfra up, scripts/docker-build-images.sh and the command line itself
# (cli Build.java): prints the first file newer than $1 among what both are built from, the root
# pom.xml and every file under bundles/, cli/, features/ and karaf-distro/ outside target/
# directories (sources, resources, poms, .cfg, scripts such as bin/setenv); nothing when $1 is up
# to date. $1 must exist.
dinfra_sources_newer_than() {
  local ref="$1"
  (cd "$ROOT" && find pom.xml bundles cli features karaf-distro -name target -prune -o -type f \
      -newer "$ref" -print -quit 2>/dev/null)
}

# Installs the Debian packages whose commands are missing: dinfra_require_commands cmd:package ...
dinfra_require_commands() {
  local missing=()
  local pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing ${missing[*]} ..." >&2
    dinfra_apt_install "${missing[@]}"
  fi
}
