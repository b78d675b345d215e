#!/usr/bin/env bash
# Builds baocao and writes the April 2023 report of the built-in example (Sở Thông tin và
# Truyền thông, Ninh Thuận) as DOCX, PDF, HTML and Markdown, and its annex as XLSX, into out/,
# printing the validation summary.
# Usage: scripts/example.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/baocao-target}"
cargo build --release --quiet -p baocao-cli
baocao="$CARGO_TARGET_DIR/release/baocao"
mkdir -p "$out"
db="$out/example.db"
rm -f "$db" "$db-wal" "$db-shm"
export BAOCAO_DATABASE_URL="sqlite://$db"
"$baocao" init --example
# Validation exits 1 when a figure of high importance disagrees: the seed has five such
# places, which is the point of the example. The report is written all the same.
set +e
"$baocao" validate --period 2023-04
status=$?
set -e
if [ "$status" -gt 1 ]; then exit "$status"; fi
"$baocao" report --period 2023-04 --format md --out "$out/bao-cao-2023-04.md"
"$baocao" report --period 2023-04 --format docx --out "$out/bao-cao-2023-04.docx"
"$baocao" report --period 2023-04 --format pdf --out "$out/bao-cao-2023-04.pdf"
"$baocao" report --period 2023-04 --format html --out "$out/bao-cao-2023-04.html"
"$baocao" report --period 2023-04 --format xlsx --out "$out/phu-luc-2023-04.xlsx"
echo "Báo cáo: $out/bao-cao-2023-04.pdf, .docx, .html, .md; phụ lục: $out/phu-luc-2023-04.xlsx"
