#!/usr/bin/env bash
# Debian's Chromium and CJK fonts for the browser tests (never a downloaded browser build).
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  exit 0
fi
echo "installing Debian chromium and fonts-noto-cjk for the browser tests"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
[ -x /usr/bin/chromium ] || { echo "FATAL: /usr/bin/chromium is missing after install" >&2; exit 1; }
