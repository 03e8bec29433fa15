#!/usr/bin/env bash
# Builds and runs Plugboard: scripts/run.sh [--host H] [--port P] [--data DIR]
# Defaults: 127.0.0.1:8080 with its data in ./plugboard-data. Extra arguments go to `plugboard serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_packages libsqlite3-dev openssl libcurl4-openssl-dev

swift build -c release --product plugboard
trap - EXIT INT TERM
exec .build/release/plugboard serve "$@"
