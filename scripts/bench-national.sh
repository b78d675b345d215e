#!/usr/bin/env bash
# The national-scale benchmark of issue 4 (not run by .ci/run: hours at full scale; the
# small-scale test crates/baocao-bench/tests/national.rs is). For SQLite and PostgreSQL, each
# on a fresh database: the generated country (34 provinces, 3.321 communes, 200 data elements
# × 5 cells, 24 months: 79.704.000 values) loaded through the store's streaming import, one
# indicator rolled up to every province for a year through baocao and as one plain SQL
# GROUP BY, and a month validated nationally; then the table (results.md) and each run's peak
# memory from /usr/bin/time -v.
#
# Usage: scripts/bench-national.sh [options of `bench-national run`]
#   scripts/bench-national.sh                      # the whole country
#   scripts/bench-national.sh --communes 332       # a tenth of the communes, 34 provinces
# Environment: BACKENDS ("sqlite postgres"), BENCH_DIR (target/bench-national),
# BAOCAO_BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/baocao_bench, dropped and
# created again), KEEP=1 keeps the databases (else they are deleted at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/baocao-target}"
work="${BENCH_DIR:-target/bench-national}"
pg_url="${BAOCAO_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/baocao_bench}"
backends="${BACKENDS:-sqlite postgres}"
mkdir -p "$work"
cargo build -q --release -p baocao-bench
bench="$CARGO_TARGET_DIR/release/bench-national"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
results="$work/results.md"
rm -f "$results" "$work/memory.txt"
echo "disk: $(df -h "$work" | tail -n 1)"

pg_name="${pg_url##*/}"
pg_admin="${pg_url%/*}/postgres"
drop_postgres() { psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)"; }
sqlite_db="$work/national.db"
drop_sqlite() { rm -f "$sqlite_db" "$sqlite_db-wal" "$sqlite_db-shm"; }

for backend in $backends; do
  case "$backend" in
    sqlite) drop_sqlite; url="sqlite://$sqlite_db" ;;
    postgres) drop_postgres; url="$pg_url" ;;
    *) echo "unknown backend $backend (sqlite or postgres)" >&2; exit 2 ;;
  esac
  echo "== $backend"
  /usr/bin/time -v -o "$work/$backend.time" "$bench" run --database-url "$url" \
    --out "$results" "$@"
  rss=$(grep "Maximum resident set size" "$work/$backend.time" | awk '{print $NF}')
  wall=$(grep "Elapsed (wall clock)" "$work/$backend.time" | awk '{print $NF}')
  echo "$backend: peak memory (/usr/bin/time -v) $((rss / 1024)) MiB, wall clock $wall" | tee -a "$work/memory.txt"
  if [ "${KEEP:-}" != 1 ]; then
    case "$backend" in sqlite) drop_sqlite ;; postgres) drop_postgres ;; esac
  fi
done
echo
cat "$results"
cat "$work/memory.txt"
rm -f "$work/memory.txt"
