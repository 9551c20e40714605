#!/usr/bin/env bash
# Installs xtb's build and test dependencies from Debian packages. Idempotent and quiet
# when everything is already present. Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential meson ninja-build pkg-config cmake
  liburing-dev libwslay-dev libssl-dev openssl libsimdjson-dev zlib1g-dev
  libconcurrentqueue-dev libreaderwriterqueue-dev libboost-dev
  libbenchmark-dev doctest-dev
  libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev
  libhttp-parser-dev libcurl4-openssl-dev
  libsecp256k1-dev libcrypto++-dev
  clang-14 libclang-rt-14-dev
  clang-tidy-14 gcovr
  python3-websockets
)

# node/npm (peers for tests: ws, ccxt) usually come with the machine image; install
# Debian's only when no node is on PATH.
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
  echo "setup-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup-deps: done"
fi

# npm test peers (git-ignored node_modules beside the tests that use them).
cd "$(dirname "$0")/.."
if [ ! -d tests/net/proto/node_modules/ws ]; then
  echo "setup-deps: installing node peer 'ws' for the WebSocket peer tests"
  sh tests/net/proto/peers/setup-node-peer.sh >/dev/null || echo "setup-deps: npm install ws failed; the node peer tests will be skipped"
fi
if [ ! -d tests/sim_server/ccxt/node_modules/ccxt ]; then
  echo "setup-deps: installing ccxt (pinned by tests/sim_server/ccxt/package-lock.json) for the simulator check"
  sh tests/sim_server/ccxt/setup.sh >/dev/null || echo "setup-deps: npm ci ccxt failed; the ccxt test will be skipped"
fi
