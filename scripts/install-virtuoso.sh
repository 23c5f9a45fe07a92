#!/usr/bin/env bash
# OpenLink Virtuoso (Debian's virtuoso-opensource) for the remote-store tests and `make replicas`, once per
# machine. Only the binaries are needed: the tests and scripts start their own instance on loopback with their
# own database files, never the system service. Without apt or root it says so and the Virtuoso tests skip.
set -euo pipefail
if [ -x /usr/bin/virtuoso-t ] && [ -x /usr/bin/isql-vt ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-virtuoso: apt-get is not available; the Virtuoso tests will be skipped" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-virtuoso: not root, cannot apt-get install virtuoso-opensource; the Virtuoso tests will be skipped" >&2
  exit 0
fi
echo "install-virtuoso: apt-get install virtuoso-opensource (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
# The package asks for the system instance's DBA password through debconf; that instance is never used (and is
# stopped below), so a throwaway one is preseeded to keep the install noninteractive.
pw="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
for q in dba-password dba-password-again; do
  echo "virtuoso-opensource-7 virtuoso-opensource-7/$q password $pw" | debconf-set-selections
done
apt-get update -qq
# policy-rc.d 101: do not start the system service from the package's postinst (it would take ports 1111/8890).
prc=/usr/sbin/policy-rc.d
made_prc=0
if [ ! -e "$prc" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$prc"; chmod +x "$prc"; made_prc=1
fi
trap '[ "$made_prc" = 1 ] && rm -f "$prc"' EXIT
apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
