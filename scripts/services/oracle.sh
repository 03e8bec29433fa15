#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts the Oracle Database double
# (Tests/OracleNodeTests/Python/oracle_double.py: a TNS listener and TTC server on loopback, plain and TLS, with a
# test CA and server certificate made here), proves with the official python-oracledb driver that the double is
# accepted (Tests/OracleNodeTests/Python/prove_double.py), and stops it when the script exits.
# Exports:
#   PLUGBOARD_TEST_ORACLE_HOST, PLUGBOARD_TEST_ORACLE_PORT  the plain listener (127.0.0.1)
#   PLUGBOARD_TEST_ORACLE_TCPS_PORT                         the TLS listener
#   PLUGBOARD_TEST_ORACLE_CA                                the CA (PEM) that signed the TLS certificate
#   PLUGBOARD_TEST_ORACLE_TRACE_DIR                         every packet of every connection, conn-<n>.jsonl
#   PLUGBOARD_TEST_ORACLE_RESULTS                           the proof's results, {scenario name: result}
# By hand: bash -c 'source scripts/lib.sh; source scripts/services/oracle.sh; start_oracle_double; sleep infinity'

start_oracle_double() {
  ensure_packages openssl python3
  ensure_python_packages oracledb==26.1.0
  local work port_file attempt
  work="$(mktemp -d /tmp/plugboard-oracle.XXXXXX)"
  on_exit "rm -rf '$work'"
  # What the double logged besides its start and the TLS handshakes the certificate tests fail on purpose: a protocol
  # violation or a crash of a session, shown so a failed test can be told apart from a failed double.
  on_exit "grep -v -e 'listening on' -e 'ALERT_UNKNOWN_CA' '$work/log' 2>/dev/null | sed 's/^/the Oracle double: /' >&2"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 2 \
    -subj "/CN=Plugboard test Oracle CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
  # CN=127.0.0.1: python-oracledb matches the host against the DNS names and the CN (not IP addresses).
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -subj "/CN=127.0.0.1" \
    -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' \
    >"$work/server.ext"
  openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
    -sha256 -extfile "$work/server.ext" -out "$work/server.crt" 2>/dev/null
  mkdir -p "$work/trace"
  port_file="$work/ports"
  python3 Tests/OracleNodeTests/Python/oracle_double.py --port-file "$port_file" --cert "$work/server.crt" \
    --key "$work/server.key" --trace-dir "$work/trace" >"$work/log" 2>&1 &
  local pid=$!
  on_exit "kill $pid 2>/dev/null"
  for attempt in $(seq 1 100); do
    [ -s "$port_file" ] && break
    sleep 0.1
  done
  if [ ! -s "$port_file" ]; then
    echo "error: the Oracle double did not start; its log:" >&2
    cat "$work/log" >&2
    return 1
  fi
  export PLUGBOARD_TEST_ORACLE_HOST=127.0.0.1
  read -r PLUGBOARD_TEST_ORACLE_PORT PLUGBOARD_TEST_ORACLE_TCPS_PORT <"$port_file"
  export PLUGBOARD_TEST_ORACLE_PORT PLUGBOARD_TEST_ORACLE_TCPS_PORT
  export PLUGBOARD_TEST_ORACLE_CA="$work/ca.crt"
  export PLUGBOARD_TEST_ORACLE_TRACE_DIR="$work/trace"
  export PLUGBOARD_TEST_ORACLE_RESULTS="$work/results.json"
  echo "Oracle double listening on 127.0.0.1: tcp $PLUGBOARD_TEST_ORACLE_PORT, tcps $PLUGBOARD_TEST_ORACLE_TCPS_PORT" >&2
  local proof
  if ! proof="$(python3 Tests/OracleNodeTests/Python/prove_double.py --results "$PLUGBOARD_TEST_ORACLE_RESULTS" 2>&1)"; then
    echo "error: python-oracledb does not accept the Oracle double:" >&2
    echo "$proof" >&2
    echo "the double's log:" >&2
    cat "$work/log" >&2
    return 1
  fi
  echo "python-oracledb accepts the Oracle double ($(echo "$proof" | tail -1))" >&2
}
