#!/usr/bin/env bash
# Benchmarks: product reads and order placement against a real `fenxiao serve` (release build, dev
# mode for the sandbox login), on SQLite and on PostgreSQL, plus pgbench for what PostgreSQL itself
# allows on this machine. Bounded: every run stops by itself.
#   scripts/bench.sh [sqlite|postgres|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
cargo build --release -p fenxiao-server >/dev/null
BIN="$PWD/target/release/fenxiao"
PW="bench-passw0rd-1"
export FENXIAO_BENCH_ADMIN=admin FENXIAO_BENCH_ADMIN_PASSWORD="$PW"

SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_engine() {
  local name="$1" url="$2" redis="${3:-}" dir port
  dir=$(mktemp -d); port=$(free_port)
  echo "== $name${redis:+ + Redis flash gate} =="
  pushd "$dir" >/dev/null
  env ${redis:+FENXIAO_REDIS_URL=$redis} FENXIAO_REDIS_PREFIX="fxbench$port:" FENXIAO_DEV_MODE=true FENXIAO_LISTEN="127.0.0.1:$port" FENXIAO_DATABASE_URL="$url" FENXIAO_ADMIN_PASSWORD="$PW" \
    FENXIAO_LOG=warn FENXIAO_LOGIN_PER_IP_PER_MINUTE=100000 FENXIAO_DATABASE_MAX_CONNECTIONS=16 "$BIN" serve --demo >"$dir/serve.log" 2>&1 &
  SERVER_PID=$!
  popd >/dev/null
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.05; done
  local base="http://127.0.0.1:$port"
  # Flash-sale burst: 2,000 buyers for 50 units, then 5,000 buyers for 1,000 units.
  "$BIN" bench flash --url "$base" --concurrency 256 --buyers 2000 --units 50
  "$BIN" bench flash --url "$base" --concurrency 256 --buyers 5000 --units 1000
  if [ -n "$redis" ]; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; rm -rf "$dir"; return
  fi
  "$BIN" bench reads --url "$base" --concurrency 64 --requests 50000
  "$BIN" bench orders --url "$base" --concurrency 32 --orders 5000 --skus 4
  # Oversell check under contention: 2,000 buyers' orders for 500 units of one SKU.
  "$BIN" bench orders --url "$base" --concurrency 64 --orders 2000 --skus 1 --stock 500
  # WeChat Pay through the bundled sandbox: prepay, pay, signed notification verified and booked.
  "$BIN" bench payments --url "$base" --concurrency 16 --payments 2000
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
  rm -rf "$dir"
}

if [ "$which" = sqlite ] || [ "$which" = all ]; then
  run_engine "SQLite (WAL, synchronous=NORMAL)" "sqlite://$(mktemp -d)/bench.db"
  ./scripts/ensure-services.sh >/dev/null
  run_engine "SQLite (WAL, synchronous=NORMAL)" "sqlite://$(mktemp -d)/bench.db" "redis://127.0.0.1:6379"
  echo "== dashboard on a year of figures, SQLite =="
  "$BIN" bench reports --database-url "sqlite://$(mktemp -d)/reports.db?mode=rwc" --samples 20
  echo "== referral tree, SQLite: 1,000,000 members under one distributor =="
  "$BIN" bench tree --database-url "sqlite://$(mktemp -d)/tree.db?mode=rwc" --size 1000000 --samples 500
fi
if [ "$which" = postgres ] || [ "$which" = all ]; then
  ./scripts/ensure-services.sh >/dev/null
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS fenxiao_bench WITH (FORCE)" -qc "CREATE DATABASE fenxiao_bench" >/dev/null
  run_engine "PostgreSQL" "postgres://postgres@127.0.0.1:5432/fenxiao_bench"
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS fenxiao_bench WITH (FORCE)" -qc "CREATE DATABASE fenxiao_bench" >/dev/null
  run_engine "PostgreSQL" "postgres://postgres@127.0.0.1:5432/fenxiao_bench" "redis://127.0.0.1:6379"
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS fenxiao_bench WITH (FORCE)" >/dev/null
  echo "== dashboard on a year of figures, PostgreSQL =="
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS fenxiao_reports WITH (FORCE)" -qc "CREATE DATABASE fenxiao_reports" >/dev/null
  "$BIN" bench reports --database-url "postgres://postgres@127.0.0.1:5432/fenxiao_reports" --samples 20
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS fenxiao_reports WITH (FORCE)" >/dev/null
  echo "== referral tree, PostgreSQL: 1,000,000 members under one distributor =="
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS fenxiao_tree WITH (FORCE)" -qc "CREATE DATABASE fenxiao_tree" >/dev/null
  "$BIN" bench tree --database-url "postgres://postgres@127.0.0.1:5432/fenxiao_tree" --size 1000000 --samples 500
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS fenxiao_tree WITH (FORCE)" >/dev/null
  if command -v pgbench >/dev/null; then
    echo "== pgbench (what PostgreSQL itself does here: TPC-B-like writes, then read-only selects) =="
    psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS pgbench_fx WITH (FORCE)" -qc "CREATE DATABASE pgbench_fx" >/dev/null
    pgbench -h 127.0.0.1 -U postgres -i -s 10 -q pgbench_fx >/dev/null 2>&1
    pgbench -h 127.0.0.1 -U postgres -c 16 -j 2 -T 15 pgbench_fx 2>/dev/null | grep -E "^tps|latency average"
    pgbench -h 127.0.0.1 -U postgres -c 16 -j 2 -T 15 -S pgbench_fx 2>/dev/null | grep -E "^tps|latency average"
    psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS pgbench_fx WITH (FORCE)" >/dev/null
  fi
fi
