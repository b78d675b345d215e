#!/usr/bin/env bash
# Starts the web application on the built-in example (April 2023, Ninh Thuận) in one command:
# builds baocao, makes out/web.db with the example and four demonstration accounts, and serves
# http://127.0.0.1:8080/ until Ctrl-C. The accounts (all with the password below) are
# quantri (quản trị), nva (chuyên viên, công nghệ thông tin), ttb (chuyên viên, bưu chính,
# viễn thông) and lvc (lãnh đạo). For a demonstration only: a real deployment creates its own
# accounts with `baocao user add` (README, "In the browser").
# Usage: scripts/web-example.sh [ADDR]      (default 127.0.0.1:8080)
set -euo pipefail
cd "$(dirname "$0")/.."
addr="${1:-127.0.0.1:8080}"
password="${BAOCAO_DEMO_PASSWORD:-baocao-thu-nghiem}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/baocao-target}"
cargo build --release --quiet -p baocao-cli
baocao="$CARGO_TARGET_DIR/release/baocao"
mkdir -p out
db="out/web.db"
rm -f "$db" "$db-wal" "$db-shm"
export BAOCAO_DATABASE_URL="sqlite://$db"
"$baocao" init --example
export BAOCAO_PASSWORD="$password"
"$baocao" user add quantri --name "Quản trị hệ thống" --role quan_tri >/dev/null
"$baocao" user add nva --name "Nguyễn Văn An" --role chuyen_vien --field cntt >/dev/null
"$baocao" user add ttb --name "Trần Thị Bình" --role chuyen_vien --field bcvt >/dev/null
"$baocao" user add lvc --name "Lê Văn Cường" --role lanh_dao >/dev/null
unset BAOCAO_PASSWORD
echo "Đăng nhập tại http://$addr/ với tên quantri, nva, ttb hoặc lvc, mật khẩu: $password"
exec "$baocao" serve --addr "$addr"
