#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts the SmartBridge double
# (Tests/EGovNodeTests/Python/smartbridge_double.py, which checks every signature with Debian's xmlsec1), and stops it
# when the script exits.
# Exports:
#   PLUGBOARD_TEST_SMARTBRIDGE_URL  the double's root, http://127.0.0.1:<port>

start_smartbridge_double() {
  local port_file
  port_file="$(mktemp -u /tmp/plugboard-smartbridge.XXXXXX.port)"
  python3 Tests/EGovNodeTests/Python/smartbridge_double.py --port-file "$port_file" &
  local pid=$!
  on_exit "kill $pid 2>/dev/null; rm -f '$port_file'"
  local attempt
  for attempt in $(seq 1 100); do
    if [ -s "$port_file" ]; then
      export PLUGBOARD_TEST_SMARTBRIDGE_URL="http://127.0.0.1:$(cat "$port_file")"
      return
    fi
    sleep 0.1
  done
  echo "error: the SmartBridge double did not start" >&2
  return 1
}
