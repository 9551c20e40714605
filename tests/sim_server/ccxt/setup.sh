#!/bin/sh
# Installs the pinned ccxt (package-lock.json) into tests/sim_server/ccxt/node_modules
# (git-ignored) for the independent-client check of xtb-sim (tests/sim_server/test_ccxt.cpp).
# Needs node + npm and registry access once; without it that test skips with a message.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts >/dev/null
node -e "import('ccxt').then(m => console.log('ccxt', m.default.version))"
