#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): installs Debian's headless Chromium and its WebDriver
# (chromedriver) for the web UI's browser tests (Tests/PlugboardBrowserTests), starts chromedriver on
# 127.0.0.1, and stops it when the script exits. A browser or driver that cannot start fails the run.
# sqlite3 is installed too: the browser tests add connector dependents straight into the server's database.
# Exports:
#   PLUGBOARD_TEST_CHROMEDRIVER  the chromedriver URL, http://127.0.0.1:<port>
#   CHROMIUM_BINARY              the Chromium executable the sessions start
#   CHROMEDRIVER                 the chromedriver executable (for tests that start their own)

start_chromedriver() {
  ensure_packages chromium chromium-driver sqlite3 python3
  local driver browser port log
  driver="$(command -v chromedriver || true)"
  browser="$(command -v chromium || true)"
  if [ -z "$driver" ] || [ -z "$browser" ]; then
    echo "error: chromium and chromedriver are needed for the browser tests and were not found" >&2
    return 1
  fi
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  log="$(mktemp /tmp/plugboard-chromedriver.XXXXXX.log)"
  "$driver" --port="$port" --allowed-ips=127.0.0.1 >"$log" 2>&1 &
  local pid=$!
  # Browsers of sessions a crashed test never closed are chromedriver's children: stop them first.
  on_exit "pkill -TERM -P $pid 2>/dev/null; kill $pid 2>/dev/null; rm -f '$log'"
  local attempt
  for attempt in $(seq 1 100); do
    if python3 -c "import json, sys, urllib.request; sys.exit(0 if json.load(urllib.request.urlopen('http://127.0.0.1:$port/status', timeout=1))['value']['ready'] else 1)" 2>/dev/null; then
      export PLUGBOARD_TEST_CHROMEDRIVER="http://127.0.0.1:$port"
      export CHROMIUM_BINARY="$browser"
      export CHROMEDRIVER="$driver"
      echo "chromedriver $("$driver" --version | awk '{print $2}') listening on 127.0.0.1:$port" >&2
      return 0
    fi
    sleep 0.1
  done
  echo "error: chromedriver did not become ready; its log:" >&2
  cat "$log" >&2
  return 1
}
