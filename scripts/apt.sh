# Sourced by the install-*.sh scripts: Debian packages installed once per machine, noninteractively.

# apt_can_install WHO CONSEQUENCE: true when apt-get can run as root here; otherwise says why, and what follows.
# With CI=true it exits 1 instead: on CI every test must run, so a tool that cannot be installed fails the run.
apt_can_install() {
  local why=""
  if ! command -v apt-get >/dev/null 2>&1; then
    why="apt-get is not available"
  elif [ "$(id -u)" -ne 0 ]; then
    why="not root, cannot apt-get install"
  fi
  if [ -z "$why" ]; then
    return 0
  fi
  if [ "${CI:-}" = "true" ]; then
    echo "$1: $why; CI=true, where every test must run: failing (install it and run again)" >&2
    exit 1
  fi
  echo "$1: $why; $2" >&2
  return 1
}

# apt_install WHO [--no-service] PACKAGE...: `--no-service` keeps the packages' postinst from starting a system
# service (policy-rc.d answering 101): we only want the binaries, and a system service would take their ports.
apt_install() {
  local who=$1 no_service=0
  shift
  if [ "$1" = "--no-service" ]; then no_service=1; shift; fi
  echo "$who: apt-get install $* (once per machine)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  local prc=/usr/sbin/policy-rc.d made_prc=0
  if [ "$no_service" = 1 ] && [ ! -e "$prc" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$prc"; chmod +x "$prc"; made_prc=1
  fi
  local status=0
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null || status=$?
  if [ "$made_prc" = 1 ]; then rm -f "$prc"; fi
  return "$status"
}
