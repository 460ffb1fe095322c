#!/usr/bin/env bash
# Installs the front ends' dependencies and builds them (used by `make demo`):
#   storefront/dist/build/h5       the H5 storefront (served at / and /h5/)
#   storefront/dist/build/mp-weixin, mp-alipay   mini-program packages (to open in their devtools)
#   admin/dist                     the admin console (served at /admin/)
# Set SKIP_MP=1 to build only what the binary serves (H5 + admin).
set -euo pipefail
cd "$(dirname "$0")"
export CI=1 npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

step() { printf '\n== %s\n' "$*"; }
timed() { local t0=$SECONDS; "$@"; echo "   ($((SECONDS - t0)) s)"; }

step "npm ci (storefront)"; timed npm ci --prefix storefront --no-audit --no-fund
step "npm ci (admin)";      timed npm ci --prefix admin --no-audit --no-fund
step "build storefront H5"; (cd storefront && timed npm run --silent build:h5)
if [ "${SKIP_MP:-0}" != "1" ]; then
  step "build storefront mp-weixin"; (cd storefront && timed npm run --silent build:mp-weixin)
  step "build storefront mp-alipay"; (cd storefront && timed npm run --silent build:mp-alipay)
fi
step "build admin"; (cd admin && timed npm run --silent build)
step "JS bundle sizes"; node bundle-sizes.mjs
echo
echo "built: web/storefront/dist/build/h5, web/admin/dist$([ "${SKIP_MP:-0}" != "1" ] && echo ', web/storefront/dist/build/mp-weixin, web/storefront/dist/build/mp-alipay')"
