#!/usr/bin/env bash
# The front ends' whole check: install, unit tests, builds, mini-program structural check, JS bundle sizes
# (table → e2e/output/bundle-sizes.txt), browser run.
# Exits non-zero on any failure. Each runner prints a plain "N passed, N failed" line; a total closes.
#   FENXIAO_BIN         binary for the browser run (default ../target/release/fenxiao from the repo root)
#   FENXIAO_SERVES_WEB  1 when the binary serves /h5/ and /admin/ itself
#   SKIP_E2E=1          skip the browser run (e.g. no binary yet)
set -uo pipefail
cd "$(dirname "$0")"
export CI=1 npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
WEB=$PWD
export FENXIAO_BIN="${FENXIAO_BIN:-$WEB/../target/release/fenxiao}"

TOTAL_PASSED=0
TOTAL_FAILED=0
FAILED_STEPS=()
TIMINGS=()

# run NAME CMD...: runs a step, keeps its output in a log, adds its "N passed, N failed" line to the
# totals; a step without such a line counts as 1 passed or 1 failed by its exit code.
run() {
  local name=$1; shift
  local log; log=$(mktemp)
  local t0=$SECONDS
  printf '\n== %s\n' "$name"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local secs=$((SECONDS - t0))
  TIMINGS+=("$name: ${secs}s")
  local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    local p f
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    TOTAL_PASSED=$((TOTAL_PASSED + p)); TOTAL_FAILED=$((TOTAL_FAILED + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then TOTAL_FAILED=$((TOTAL_FAILED + 1)); fi
  elif [ "$rc" -eq 0 ]; then
    TOTAL_PASSED=$((TOTAL_PASSED + 1))
  else
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
  fi
  [ "$rc" -eq 0 ] || FAILED_STEPS+=("$name (exit $rc)")
  rm -f "$log"
  return "$rc"
}

run "npm ci storefront" npm ci --prefix storefront --no-audit --no-fund || true
run "npm ci admin" npm ci --prefix admin --no-audit --no-fund || true
run "npm ci e2e" npm ci --prefix e2e --no-audit --no-fund || true
run "unit tests storefront" npm --prefix storefront run --silent test || true
run "unit tests admin" npm --prefix admin run --silent test || true
run "build storefront h5" npm --prefix storefront run --silent build:h5 || true
run "build storefront mp-weixin" npm --prefix storefront run --silent build:mp-weixin || true
run "build storefront mp-alipay" npm --prefix storefront run --silent build:mp-alipay || true
run "build admin" npm --prefix admin run --silent build || true
run "mini-program structural check" bash -c 'cd storefront && node scripts/check-mp.mjs dist/build/mp-weixin dist/build/mp-alipay' || true
run "bundle sizes" node bundle-sizes.mjs || true
if [ "${SKIP_E2E:-0}" = "1" ]; then
  echo; echo "== browser tests skipped (SKIP_E2E=1)"
elif [ ! -x "$FENXIAO_BIN" ]; then
  echo; echo "== browser tests: no fenxiao binary at $FENXIAO_BIN (build it, or set FENXIAO_BIN)"
  TOTAL_FAILED=$((TOTAL_FAILED + 1)); FAILED_STEPS+=("browser tests (no binary)")
else
  run "browser tests" node e2e/run.mjs || true
  run "browser tests (marketing)" node e2e/marketing.mjs || true
fi

echo
echo "== timings"; printf '   %s\n' "${TIMINGS[@]}"
if [ ${#FAILED_STEPS[@]} -gt 0 ]; then echo "== failed steps"; printf '   %s\n' "${FAILED_STEPS[@]}"; fi
echo
echo "web: ${TOTAL_PASSED} passed, ${TOTAL_FAILED} failed"
[ "$TOTAL_FAILED" -eq 0 ] && [ ${#FAILED_STEPS[@]} -eq 0 ]
