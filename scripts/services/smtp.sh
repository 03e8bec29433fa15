#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts real SMTP servers (aiosmtpd from PyPI, run by
# Tests/SMTPNodeTests/Python/smtp_double.py) on loopback: STARTTLS with AUTH PLAIN/LOGIN/CRAM-MD5, implicit TLS,
# and a plain server behind a recording proxy, with a certificate made here; stops them when the script exits.
# Exports:
#   PLUGBOARD_TEST_SMTP_STARTTLS_PORT, PLUGBOARD_TEST_SMTP_TLS_PORT, PLUGBOARD_TEST_SMTP_PLAIN_PORT  the listeners
#   PLUGBOARD_TEST_SMTP_HTTP_PORT  where the received messages are read as JSON
#   PLUGBOARD_TEST_SMTP_CA         the servers' certificate (self-signed, for 127.0.0.1)
#   PLUGBOARD_TEST_SMTP_USER, PLUGBOARD_TEST_SMTP_PASSWORD  the login they take

start_smtp_servers() {
  ensure_python_packages aiosmtpd==1.4.6
  local work ports attempt
  work="$(mktemp -d /tmp/plugboard-smtp.XXXXXX)"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/server.key" -out "$work/server.crt" 2>/dev/null
  export PLUGBOARD_TEST_SMTP_USER="mailer"
  PLUGBOARD_TEST_SMTP_PASSWORD="smtp-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  export PLUGBOARD_TEST_SMTP_PASSWORD
  ports="$work/ports.json"
  python3 Tests/SMTPNodeTests/Python/smtp_double.py --cert "$work/server.crt" --key "$work/server.key" \
    --user "$PLUGBOARD_TEST_SMTP_USER" --password "$PLUGBOARD_TEST_SMTP_PASSWORD" --ports-file "$ports" >"$work/log" 2>&1 &
  local pid=$!
  on_exit "kill $pid 2>/dev/null; rm -rf '$work'"
  for attempt in $(seq 1 100); do
    if [ -s "$ports" ]; then
      export PLUGBOARD_TEST_SMTP_CA="$work/server.crt"
      PLUGBOARD_TEST_SMTP_STARTTLS_PORT="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["starttls"])' "$ports")"
      PLUGBOARD_TEST_SMTP_TLS_PORT="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tls"])' "$ports")"
      PLUGBOARD_TEST_SMTP_PLAIN_PORT="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["plain"])' "$ports")"
      PLUGBOARD_TEST_SMTP_HTTP_PORT="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$ports")"
      export PLUGBOARD_TEST_SMTP_STARTTLS_PORT PLUGBOARD_TEST_SMTP_TLS_PORT PLUGBOARD_TEST_SMTP_PLAIN_PORT PLUGBOARD_TEST_SMTP_HTTP_PORT
      echo "SMTP servers (aiosmtpd) listening on 127.0.0.1: starttls $PLUGBOARD_TEST_SMTP_STARTTLS_PORT, tls $PLUGBOARD_TEST_SMTP_TLS_PORT, plain $PLUGBOARD_TEST_SMTP_PLAIN_PORT" >&2
      return 0
    fi
    sleep 0.1
  done
  echo "error: the SMTP servers did not start; their log:" >&2
  cat "$work/log" >&2
  return 1
}
