#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts the Google double (Tests/GoogleNodeTests/Python/google_double.py:
# Google's OAuth2 authorization server, the Gmail v1 API and Calendar v3 on one loopback port), proves it with Google's
# official Python clients (prove_google_double.py, prove_calendar_double.py; a disagreement fails the run), and stops it
# when the script exits.
# Exports:
#   PLUGBOARD_TEST_GOOGLE_URL  the double's root, http://127.0.0.1:<port>

start_google_double() {
  ensure_python_packages google-api-python-client==2.202.0 google-auth==2.63.0 google-auth-oauthlib==1.5.0
  local folder port_file
  folder="Tests/GoogleNodeTests/Python"
  port_file="$(mktemp -u /tmp/plugboard-google.XXXXXX.port)"
  python3 "$folder/google_double.py" --port-file "$port_file" &
  local pid=$!
  on_exit "kill $pid 2>/dev/null; rm -f '$port_file'"
  local attempt
  for attempt in $(seq 1 100); do
    if [ -s "$port_file" ]; then
      export PLUGBOARD_TEST_GOOGLE_URL="http://127.0.0.1:$(cat "$port_file")"
      python3 "$folder/prove_google_double.py" "$PLUGBOARD_TEST_GOOGLE_URL" >&2
      python3 "$folder/prove_calendar_double.py" "$PLUGBOARD_TEST_GOOGLE_URL" >&2
      return
    fi
    sleep 0.1
  done
  echo "error: the Google double did not start" >&2
  return 1
}
