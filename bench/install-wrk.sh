#!/usr/bin/env bash
# wrk (the HTTP load generator) from Debian's packages, for `make bench`. Without apt or root it says so and
# exits non-zero: the benchmark needs a load tool that does not compete with the server for the GIL.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
. "$(dirname "$0")/../scripts/apt.sh"
apt_can_install install-wrk "install wrk by hand: the benchmark needs it" || exit 1
apt_install install-wrk wrk
