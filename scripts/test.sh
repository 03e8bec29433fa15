#!/usr/bin/env bash
# Runs every test: installs what the tests need, starts the services they use on loopback,
# builds, runs `swift test`, builds the micro-benchmarks, stops what it started, and exits with
# the tests' status.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/services/postgres.sh
source scripts/services/chromium.sh
source scripts/services/llm.sh
source scripts/services/smtp.sh
source scripts/services/google.sh
source scripts/services/smartbridge.sh
source scripts/services/sftp.sh
source scripts/services/ftp.sh
source scripts/services/kafka.sh
source scripts/services/rabbitmq.sh
source scripts/services/oracle.sh

install_requirements() {
  # libsqlite3-dev: the embedded store; openssl: test certificates; python3: small test servers;
  # tzdata: the time zones schedules are read in; libcurl4-openssl-dev: the FTP node's transfers; nginx-light: the
  # load balancer in front of two replicas in the end-to-end tests.
  ensure_packages libsqlite3-dev openssl python3 python3-pip ca-certificates tzdata libcurl4-openssl-dev xmlsec1 libxml2-utils nginx-light
  # mcp: the independent MCP client and server the MCP tests talk to. (The LLM SDKs come with the LLM double.)
  # carbone-sdk: Carbone's own client, which drives the Carbone double to prove it.
  ensure_python_packages mcp==2.3.0 carbone-sdk==1.1.1
}

# Services the tests reach on loopback. Each start_* function starts one, exports where it
# listens (PLUGBOARD_TEST_*), and registers its stop with on_exit; a test that needs a service
# fails (never skips) when its variables are missing. The end-to-end tests start their own
# plugboard servers and upstream doubles.
start_services() {
  start_postgres
  start_store_postgres
  start_chromedriver
  start_llm_double
  start_smtp_servers
  start_google_double
  start_smartbridge_double
  start_sftp_server
  start_ftp_servers
  start_kafka_broker
  start_rabbitmq
  start_oracle_double
}

build() {
  swift build --build-tests
  PLUGBOARD_BINARY="$(swift build --show-bin-path)/plugboard"
  export PLUGBOARD_BINARY
  if [ ! -x "$PLUGBOARD_BINARY" ]; then
    echo "error: the plugboard binary was not built at $PLUGBOARD_BINARY" >&2
    exit 1
  fi
}

run_tests() {
  # Swift Testing runs tests in parallel by default; suites that must not share the machine
  # (the end-to-end suite) are marked .serialized. `swift test` passes every filter-less test.
  if [ "$#" -gt 0 ]; then
    swift test --skip-build "$@"
    return
  fi
  # The browser tests run on their own after the rest: Chromium's load would otherwise make the
  # timing-sensitive tests (deadlines, pool limits) flaky.
  local failed=0
  swift test --skip-build --skip PlugboardBrowserTests || failed=$?
  # The API suite again with every fixture on the PostgreSQL store (the store suite runs on both by itself).
  PLUGBOARD_TEST_STORE=postgres swift test --skip-build --filter PlugboardServerTests || failed=$?
  swift test --skip-build --filter PlugboardBrowserTests || failed=$?
  return "$failed"
}

# The micro-benchmarks in Benchmarks/ (ordo-one/benchmark) are built, never run, so they keep compiling against the
# code they measure; run them with `swift package benchmark` in that folder. Skipped when tests are filtered.
build_benchmarks() {
  [ "$#" -eq 0 ] || return 0
  swift build --package-path Benchmarks
}

install_requirements
start_services
build
status=0
run_tests "$@" || status=$?
build_benchmarks "$@" || status=$?
exit "$status"
