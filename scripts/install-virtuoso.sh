#!/usr/bin/env bash
# OpenLink Virtuoso (Debian's virtuoso-opensource) for the remote-store tests and `make replicas`, once per
# machine. Only the binaries are needed: the tests and scripts start their own instance on loopback with their
# own database files, never the system service. Without apt or root it says so and the Virtuoso tests skip
# (with CI=true it fails, and so does `make test`).
set -euo pipefail
if [ -x /usr/bin/virtuoso-t ] && [ -x /usr/bin/isql-vt ]; then
  exit 0
fi
. "$(dirname "$0")/apt.sh"
apt_can_install install-virtuoso "the Virtuoso tests will be skipped" || exit 0
# The package asks for the system instance's DBA password through debconf; that instance is never started
# (--no-service), so a throwaway one is preseeded to keep the install noninteractive.
pw="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
for q in dba-password dba-password-again; do
  echo "virtuoso-opensource-7 virtuoso-opensource-7/$q password $pw" | debconf-set-selections
done
apt_install install-virtuoso --no-service virtuoso-opensource
