#!/usr/bin/env bash
# wrk (the HTTP load generator) from Debian's packages, for `make bench`. Without apt or root it says so and
# exits non-zero: the benchmark needs a load tool that does not compete with the server for the GIL.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  echo "install-wrk: wrk is missing and cannot be installed here (needs apt-get as root): install wrk by hand" >&2
  exit 1
fi
echo "install-wrk: apt-get install wrk (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends wrk >/dev/null
