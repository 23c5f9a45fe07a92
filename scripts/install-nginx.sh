#!/usr/bin/env bash
# nginx (Debian's nginx-light) as the load balancer in front of two replicas, for tests/test_replicas.py and
# `make replicas`. Only the binary is used: each run writes its own configuration and starts its own nginx on
# loopback, never the system service. Without apt or root it says so and the replica test skips (with CI=true
# it fails, and so does `make test`).
set -euo pipefail
if [ -x /usr/sbin/nginx ]; then
  exit 0
fi
. "$(dirname "$0")/apt.sh"
apt_can_install install-nginx "the replica test will be skipped" || exit 0
apt_install install-nginx --no-service nginx-light
