#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts Debian's RabbitMQ 3.10 as a node of its own, bound to
# loopback only (AMQP, AMQPS, epmd and the Erlang distribution port), with a user of its own, and stops it when the
# script exits. pika is the independent client the tests check messages with.
# Exports:
#   PLUGBOARD_TEST_RABBITMQ_PORT        the AMQP port on 127.0.0.1
#   PLUGBOARD_TEST_RABBITMQ_TLS_PORT    the AMQPS port (a certificate for 127.0.0.1)
#   PLUGBOARD_TEST_RABBITMQ_CA          that certificate (PEM file)
#   PLUGBOARD_TEST_RABBITMQ_USER, PLUGBOARD_TEST_RABBITMQ_PASSWORD  the node's user (all rights on vhost /)
#   PLUGBOARD_TEST_RABBITMQ_CTL         runs rabbitmqctl against this node (stop_app, start_app, list_queues…)

start_rabbitmq() {
  ensure_packages rabbitmq-server amqp-specs openssl
  ensure_python_packages pika==1.4.4
  local work port tls_port dist_port epmd_port node
  work="$(mktemp -d /tmp/plugboard-rabbitmq.XXXXXX)"
  port="$(quiet_port)"
  tls_port="$(quiet_port)"
  dist_port="$(quiet_port)"
  epmd_port="$(quiet_port)"
  node="plugboard-test-$port@localhost"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  cat >"$work/rabbitmq.conf" <<CONFIG
listeners.tcp.1 = 127.0.0.1:$port
listeners.ssl.1 = 127.0.0.1:$tls_port
ssl_options.certfile = $work/cert.pem
ssl_options.keyfile = $work/key.pem
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
CONFIG
  echo "[]." >"$work/enabled_plugins"
  mkdir -p "$work/mnesia" "$work/log"
  chown -R rabbitmq:rabbitmq "$work"
  # Every rabbitmq-server and rabbitmqctl call of this node sees the same variables, through this wrapper.
  cat >"$work/env.sh" <<ENV
export RABBITMQ_NODENAME='$node' RABBITMQ_CONFIG_FILE='$work/rabbitmq.conf' RABBITMQ_ENABLED_PLUGINS_FILE='$work/enabled_plugins'
export RABBITMQ_MNESIA_BASE='$work/mnesia' RABBITMQ_LOG_BASE='$work/log' RABBITMQ_DIST_PORT='$dist_port'
export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT='$epmd_port'
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
ENV
  cat >"$work/ctl.sh" <<CTL
#!/usr/bin/env bash
source '$work/env.sh'
exec rabbitmqctl -n '$node' "\$@"
CTL
  chmod 755 "$work/ctl.sh"
  (source "$work/env.sh" && rabbitmq-server -detached) >"$work/start.log" 2>&1
  on_exit "stop_rabbitmq '$work' $epmd_port"
  # await_startup fails at once while the node has not yet registered with epmd: ask until it answers.
  local deadline=$((SECONDS + 120))
  until "$work/ctl.sh" await_startup --timeout 120 >"$work/await.log" 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "error: RabbitMQ did not start; its logs:" >&2
      cat "$work/start.log" "$work/await.log" "$work"/log/*.log >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
  local password
  password="rabbit-$(openssl rand -hex 12)"
  "$work/ctl.sh" add_user plugboard "$password" >/dev/null
  "$work/ctl.sh" set_permissions -p / plugboard '.*' '.*' '.*' >/dev/null
  export PLUGBOARD_TEST_RABBITMQ_PORT="$port" PLUGBOARD_TEST_RABBITMQ_TLS_PORT="$tls_port" PLUGBOARD_TEST_RABBITMQ_CA="$work/cert.pem"
  export PLUGBOARD_TEST_RABBITMQ_USER=plugboard PLUGBOARD_TEST_RABBITMQ_PASSWORD="$password" PLUGBOARD_TEST_RABBITMQ_CTL="$work/ctl.sh"
  echo "RabbitMQ $("$work/ctl.sh" version 2>/dev/null) on 127.0.0.1:$port (TLS on :$tls_port), node $node" >&2
}

# stop_rabbitmq WORK EPMD_PORT: stops the node, then its epmd (which refuses to go while the node is still registered).
stop_rabbitmq() {
  "$1/ctl.sh" stop >/dev/null 2>&1 || true
  local attempt
  for attempt in $(seq 1 40); do
    ERL_EPMD_PORT="$2" epmd -kill >/dev/null 2>&1 || true
    ERL_EPMD_PORT="$2" epmd -names >/dev/null 2>&1 || break
    sleep 0.25
  done
  rm -rf "$1"
}
