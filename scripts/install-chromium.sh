#!/usr/bin/env bash
# Headless Chromium for the browser test, from Debian's own packages (never a browser download of Playwright's).
# Called by `make test`. Without apt (another OS, no root) it says so and the browser test skips with the reason
# (with CI=true it fails, and so does `make test`).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
. "$(dirname "$0")/apt.sh"
apt_can_install install-chromium "the browser test will be skipped" || exit 0
apt_install install-chromium chromium
