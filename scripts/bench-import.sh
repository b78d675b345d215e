#!/usr/bin/env bash
# Import benchmarks of the long CSV format into SQLite (not run by .ci/run):
#   1. throughput over at least a million values, imported into a database without them,
#      then the same file again (every value unchanged);
#   2. a 200 MB file imported by streaming, its peak memory measured with /usr/bin/time -v.
# The files are generated (crates/baocao-interchange/examples/gen_long_csv.rs): every cell of
# the example's catalogue, for 24 months, for generated communes added to the example's org
# units. Usage: scripts/bench-import.sh [VALUES] [BYTES]   (defaults 1000000 and 200000000)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/baocao-target}"
values="${1:-1000000}"
bytes="${2:-200000000}"
work="${BENCH_DIR:-target/bench-import}"
rm -rf "$work" && mkdir -p "$work"
cargo build -q --release -p baocao-cli
cargo build -q --release -p baocao-interchange --example gen_long_csv
baocao="$CARGO_TARGET_DIR/release/baocao"
gen="$CARGO_TARGET_DIR/release/examples/gen_long_csv"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

prepare() { # name: a fresh SQLite database holding the example and the generated units
  local name="$1" units="$work/$1-units.toml" dept="$work/$1-dept" db="$work/$1.db"
  cp -r examples/ninh-thuan "$dept"
  cat "$units" >> "$dept/org_units.toml"
  "$baocao" --database-url "sqlite://$db" load "$dept" 2>/dev/null
}

measure() { # name csv label: imports csv into name's database, prints time, rate and memory
  local name="$1" csv="$2" label="$3" db="$work/$1.db"
  local n size
  n=$(($(wc -l < "$csv") - 1)); size=$(stat -c %s "$csv")
  /usr/bin/time -v "$baocao" --database-url "sqlite://$db" import "$csv" 2> "$work/$label.time"
  local seconds rss
  seconds=$(grep "Elapsed (wall clock)" "$work/$label.time" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$work/$label.time" | awk '{print $NF}')
  grep -E "^Đã nhập|lỗi" "$work/$label.time" || true
  awk -v n="$n" -v s="$seconds" -v b="$size" -v r="$rss" -v name="$label" 'BEGIN {
    printf "%s: %d values, %.1f MB, %.1f s, %.0f values/s, peak memory %.0f MB\n", name, n, b/1e6, s, n/s, r/1024 }'
}

"$gen" "$work/million.csv" "$work/million-units.toml" values "$values"
prepare million
measure million "$work/million.csv" million
# The same file again: every value compared with the stored one and left as it is.
measure million "$work/million.csv" million-again
rm -f "$work/million.csv"
"$gen" "$work/big.csv" "$work/big-units.toml" bytes "$bytes"
prepare big
measure big "$work/big.csv" big
rm -f "$work/big.csv"
