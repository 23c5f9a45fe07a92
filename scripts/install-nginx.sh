#!/usr/bin/env bash
# nginx (Debian's nginx-light) as the load balancer in front of two replicas, for tests/test_replicas.py and
# `make replicas`. Only the binary is used: each run writes its own configuration and starts its own nginx on
# loopback, never the system service. Without apt or root it says so and the replica test skips.
set -euo pipefail
if [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  echo "install-nginx: nginx is missing and cannot be installed here (needs apt-get as root); the replica test will be skipped" >&2
  exit 0
fi
echo "install-nginx: apt-get install nginx-light (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d 101: do not start the system service from the package's postinst (it would take port 80).
prc=/usr/sbin/policy-rc.d
made_prc=0
if [ ! -e "$prc" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$prc"; chmod +x "$prc"; made_prc=1
fi
trap '[ "$made_prc" = 1 ] && rm -f "$prc"' EXIT
apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
