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

# Prints the first source file or pom newer than $1 (nothing when $1 is up to date).
dinfra_sources_newer_than() {
  local ref="$1"
  (cd "$ROOT" && find pom.xml bundles cli features \( -name target -prune \) -o -type f \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.json' -o -name '*.cfg' -o -name '*.xml' \) \
      -newer "$ref" -print 2>/dev/null | head -1)
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
