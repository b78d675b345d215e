#!/usr/bin/env bash
# End-to-end tests of the web application in a real headless browser: Debian's Chromium
# driven by playwright-core from npm (no browser download). Installs what is missing
# (chromium with apt, playwright-core with npm ci), builds baocao, runs e2e/tests/.
# Usage: scripts/e2e.sh            run the tests
#        BAOCAO_SCREENSHOTS=docs/images scripts/e2e.sh   also save the screenshots (1366×768)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/baocao-target}"
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  echo "Node.js (node, npm) is needed for the browser tests" >&2
  exit 1
fi
cargo build --release --quiet -p baocao-cli
export BAOCAO_BIN="$CARGO_TARGET_DIR/release/baocao"
cd e2e
npm ci --no-audit --no-fund --loglevel=error
if [ -n "${BAOCAO_SCREENSHOTS:-}" ]; then
  case "$BAOCAO_SCREENSHOTS" in /*) ;; *) export BAOCAO_SCREENSHOTS="$PWD/../$BAOCAO_SCREENSHOTS" ;; esac
fi
npm test
