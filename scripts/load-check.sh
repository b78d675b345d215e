#!/usr/bin/env bash
# A bounded load check of the web application on loopback with wrk (Debian package `wrk`):
# the dashboard of April 2023 (GET, signed in) and a cell save of the entry form (POST with
# the CSRF token and the version, as the page's JavaScript sends it). Prints requests per
# second and the latency percentiles; README records the figures of one run.
# Usage: scripts/load-check.sh [SECONDS]   (default 10 per test)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/baocao-target}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet -p baocao-cli
baocao="$CARGO_TARGET_DIR/release/baocao"
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
export BAOCAO_DATABASE_URL="sqlite://$work/load.db"
"$baocao" init --example >/dev/null
BAOCAO_PASSWORD=tai-thu-nghiem-2023 "$baocao" user add taithu --name "Tải thử" --role quan_tri >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
RUST_LOG=warn "$baocao" serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "$url/dang-nhap" >/dev/null && break; sleep 0.1; done
jar="$work/cookies"
csrf=$(curl -sf -c "$jar" -b "$jar" "$url/dang-nhap" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -sf -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "username=taithu" \
  --data-urlencode "password=tai-thu-nghiem-2023" --data-urlencode "next=/" "$url/dang-nhap"
page=$(curl -sf -b "$jar" "$url/ky/2023-04/nhap/cntt")
export CSRF=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
export COOKIE=$(awk '$6 ~ /^baocao/ { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")
versions=()
for coc in TINH-TRUCTIEP TINH-QUAMANG HUYEN-TRUCTIEP HUYEN-QUAMANG; do
  versions+=("$(printf '%s' "$page" | sed -n "s/.*id=\"ver-DVC_HOSO-$coc\" value=\"\([0-9]*\)\".*/\1/p; s/.*value=\"\([0-9]*\)\" id=\"ver-DVC_HOSO-$coc\".*/\1/p" | head -n 1)")
done
echo "== GET /ky/2023-04 (dashboard), 2 threads, 16 connections, ${seconds}s"
wrk -t2 -c16 -d"${seconds}s" --latency -H "Cookie: $COOKIE" "$url/ky/2023-04"
echo "== POST /ky/2023-04/nhap/cntt/o (save one cell, then the field's totals, rates and violations), 2 threads, 2 connections, ${seconds}s"
wrk -t2 -c2 -d"${seconds}s" --latency -s scripts/load/save.lua "$url/ky/2023-04/nhap/cntt/o" -- "${versions[@]}"
