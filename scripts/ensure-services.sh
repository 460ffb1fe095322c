#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1 (starting them the way this machine kind does),
# then drops databases left over by earlier test runs. Fails loudly if either service stays down:
# the PostgreSQL and Redis suites are never skipped.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! pg_up; then
  echo "PostgreSQL is down; starting it"
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! redis_up; then
  echo "Redis is down; starting it"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
fi

pg_up || { echo "FATAL: PostgreSQL on 127.0.0.1:5432 is not reachable" >&2; exit 1; }
redis_up || { echo "FATAL: Redis on 127.0.0.1:6379 is not reachable" >&2; exit 1; }

# Databases created by earlier test runs (fxt_*): drop them so they do not pile up.
psql -h 127.0.0.1 -U postgres -d test -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'fxt\_%'" 2>/dev/null |
  while read -r db; do [ -n "$db" ] && psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done
echo "PostgreSQL and Redis are up"
