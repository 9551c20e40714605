#!/bin/sh
# Installs node's `ws` package (the second independent WebSocket peer used by
# test_ws_peers.cpp) into tests/net/proto/node_modules (git-ignored).
# Needs npm and registry access once; the tests skip the node peer when it is absent.
set -eu
cd "$(dirname "$0")/.."
npm install --no-save --no-package-lock --no-audit --no-fund ws@8 >/dev/null
node -e "require('./node_modules/ws'); console.log('ws', require('./node_modules/ws/package.json').version)"
