#!/usr/bin/env bash
# Sourced by scripts/test.sh and scripts/bench-postgres.sh (after scripts/lib.sh): starts a throwaway
# PostgreSQL cluster on 127.0.0.1 for the postgresql node's tests, and stops it when the script exits.
#
# The cluster runs as the `postgres` user (PostgreSQL refuses root) in a temporary folder, with TLS on
# using a self-signed certificate made here, and max_connections low enough to test the limit.
# Exports:
#   PLUGBOARD_TEST_PG_HOST, PLUGBOARD_TEST_PG_PORT      where it listens
#   PLUGBOARD_TEST_PG_USER, PLUGBOARD_TEST_PG_PASSWORD  a login role that owns the test database
#   PLUGBOARD_TEST_PG_DATABASE                          the test database
#   PLUGBOARD_TEST_PG_NOCATALOG_USER                    a role (same password) that cannot read the catalog
#   PLUGBOARD_TEST_PG_CA                                the server certificate (its own CA), PEM
#   PLUGBOARD_TEST_PG_MAX_CONNECTIONS                   max_connections minus the reserved superuser slots
#   PLUGBOARD_TEST_PG_RESTART                           a command that restarts the server (for the restart test)
# PG_MAX_CONNECTIONS (default 20) raises the connection limit, for benchmarks.

# as_postgres CMD...: runs CMD as the postgres user.
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
  else sudo -u postgres "$@"; fi
}

pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
  ensure_packages postgresql postgresql-contrib openssl python3
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PG_WORK="$(mktemp -d /tmp/plugboard-pg.XXXXXX)"
  chmod 755 "$PG_WORK"
  chown postgres "$PG_WORK" 2>/dev/null || as_root chown postgres "$PG_WORK"
  on_exit "rm -rf '$PG_WORK'"
  local data="$PG_WORK/data" port password
  port="$(pg_free_port)"
  password="pg-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$PG_WORK/server.key" -out "$PG_WORK/server.crt" 2>/dev/null
  chmod 600 "$PG_WORK/server.key"
  chmod 644 "$PG_WORK/server.crt"
  chown postgres "$PG_WORK/server.key" "$PG_WORK/server.crt" 2>/dev/null || true

  as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_WORK/initdb.log" 2>&1 \
    || { cat "$PG_WORK/initdb.log" >&2; return 1; }
  as_postgres tee -a "$data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PG_WORK'
ssl = on
ssl_cert_file = '$PG_WORK/server.crt'
ssl_key_file = '$PG_WORK/server.key'
max_connections = ${PG_MAX_CONNECTIONS:-20}
superuser_reserved_connections = 3
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  as_postgres "$bin/pg_ctl" -D "$data" -l "$PG_WORK/server.log" -w -t 60 start >/dev/null \
    || { cat "$PG_WORK/server.log" >&2; return 1; }
  on_exit "as_postgres '$bin/pg_ctl' -D '$data' -m immediate -w stop >/dev/null 2>&1"

  local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_WORK" -p "$port" -U postgres)
  as_postgres "${psql[@]}" -d postgres <<SQL
CREATE ROLE plugboard_test LOGIN PASSWORD '$password';
CREATE ROLE plugboard_nocatalog LOGIN PASSWORD '$password';
CREATE DATABASE plugboard_test OWNER plugboard_test;
SQL
  # The catalog tables schema discovery reads: public access removed in the test database, given back to
  # the test role only, so plugboard_nocatalog gets "permission denied" (schema_discovery_failed).
  as_postgres "${psql[@]}" -d plugboard_test <<SQL
REVOKE SELECT ON pg_catalog.pg_namespace, pg_catalog.pg_class, pg_catalog.pg_attribute FROM PUBLIC;
GRANT SELECT ON pg_catalog.pg_namespace, pg_catalog.pg_class, pg_catalog.pg_attribute TO plugboard_test;
SQL

  cat >"$PG_WORK/restart.sh" <<SH
#!/usr/bin/env bash
# Restarts the test PostgreSQL server (fast shutdown: sessions are ended).
set -euo pipefail
$(declare -f as_postgres)
as_postgres '$bin/pg_ctl' -D '$data' -l '$PG_WORK/server.log' -m fast -w -t 60 restart >/dev/null
SH
  chmod 755 "$PG_WORK/restart.sh"

  export PLUGBOARD_TEST_PG_HOST=127.0.0.1
  export PLUGBOARD_TEST_PG_PORT="$port"
  export PLUGBOARD_TEST_PG_USER=plugboard_test
  export PLUGBOARD_TEST_PG_PASSWORD="$password"
  export PLUGBOARD_TEST_PG_DATABASE=plugboard_test
  export PLUGBOARD_TEST_PG_NOCATALOG_USER=plugboard_nocatalog
  export PLUGBOARD_TEST_PG_CA="$PG_WORK/server.crt"
  export PLUGBOARD_TEST_PG_MAX_CONNECTIONS=$((${PG_MAX_CONNECTIONS:-20} - 3))
  export PLUGBOARD_TEST_PG_RESTART="$PG_WORK/restart.sh"
  PG_BIN="$bin"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$port (TLS on)" >&2
}
