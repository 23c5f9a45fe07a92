#!/usr/bin/env bash
# Headless Chromium for the browser test, from Debian's own packages (never a browser download of Playwright's).
# Called by `make test`. Without apt (another OS, no root) it says so and the browser test skips with the reason.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: apt-get is not available; the browser test will be skipped" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: not root, cannot apt-get install chromium; the browser test will be skipped" >&2
  exit 0
fi
echo "install-chromium: apt-get install chromium (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
