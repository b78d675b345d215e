#!/usr/bin/env bash
# Makes the test data of bad files, crates/baocao-interchange/tests/data/bad/: every file but
# one is written by test code (`write_bad_files`, the XLSX ones copied from the example's April
# form and spoiled with rust_xlsxwriter); the password-protected workbook is that form encrypted
# with msoffcrypto-tool (PyPI, MIT), as Excel's "Encrypt with Password" does (ECMA-376 agile
# encryption). The files are kept in the repository; run this only to make them again.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/baocao-target}"
BAOCAO_WRITE_BAD_FILES=1 cargo test -q -p baocao-interchange --test it -- write_bad_files
data=crates/baocao-interchange/tests/data
if ! command -v msoffcrypto-tool >/dev/null 2>&1; then
  python3 -m pip install -q msoffcrypto-tool
fi
msoffcrypto-tool -e -p "mat-khau-2023" "$data/form-2023-04.xlsx" "$data/bad/form-password-protected.xlsx"
ls "$data/bad" | wc -l
