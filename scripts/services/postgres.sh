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
#
# start_store_postgres starts a second cluster for Plugboard's own PostgreSQL store (see its comment).

# as_postgres CMD...: runs CMD as the postgres user.
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
  else sudo -u postgres "$@"; fi
}

pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# pg_cluster MAX_CONNECTIONS [AUTH]: initdb, configure and start a cluster with TLS on a free port in a fresh folder,
# logins over TCP checked with AUTH (default scram-sha-256). Sets PG_BIN, PG_CLUSTER_WORK (the folder, holding
# server.crt), PG_CLUSTER_PORT and PG_CLUSTER_PASSWORD (for the roles made).
pg_cluster() {
  local max_connections="$1" auth="${2:-scram-sha-256}" bin work data port
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  work="$(mktemp -d /tmp/plugboard-pg.XXXXXX)"
  chmod 755 "$work"
  chown postgres "$work" 2>/dev/null || as_root chown postgres "$work"
  on_exit "rm -rf '$work'"
  data="$work/data"
  port="$(pg_free_port)"

  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$work/server.key" -out "$work/server.crt" 2>/dev/null
  chmod 600 "$work/server.key"
  chmod 644 "$work/server.crt"
  chown postgres "$work/server.key" "$work/server.crt" 2>/dev/null || true

  as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host="$auth" -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; return 1; }
  as_postgres tee -a "$data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
ssl = on
ssl_cert_file = '$work/server.crt'
ssl_key_file = '$work/server.key'
max_connections = $max_connections
superuser_reserved_connections = 3
password_encryption = $([ "$auth" = md5 ] && echo md5 || echo scram-sha-256)
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  as_postgres "$bin/pg_ctl" -D "$data" -l "$work/server.log" -w -t 60 start >/dev/null \
    || { cat "$work/server.log" >&2; return 1; }
  on_exit "as_postgres '$bin/pg_ctl' -D '$data' -m immediate -w stop >/dev/null 2>&1"
  PG_BIN="$bin"
  PG_CLUSTER_WORK="$work"
  PG_CLUSTER_PORT="$port"
  PG_CLUSTER_PASSWORD="pg-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
}

start_postgres() {
  ensure_packages postgresql postgresql-contrib openssl python3
  pg_cluster "${PG_MAX_CONNECTIONS:-20}"
  PG_WORK="$PG_CLUSTER_WORK"
  local bin="$PG_BIN" data="$PG_CLUSTER_WORK/data" port="$PG_CLUSTER_PORT" password="$PG_CLUSTER_PASSWORD"
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

# Plugboard's own store on PostgreSQL, in a cluster of its own so its tests (many at once, each with a schema of its
# own) never take the connection slots the postgresql node's limit tests count. Exports
# PLUGBOARD_TEST_STORE_URL: a database URL with TLS verified against the cluster's certificate. Logins use md5, not
# SCRAM: the store's tests log in hundreds of times at once, and SCRAM's 4096 rounds in a debug build would hold the
# event loops other tests need (the node's tests prove SCRAM on the other cluster).
start_store_postgres() {
  ensure_packages postgresql postgresql-contrib openssl python3
  pg_cluster 400 md5
  as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_CLUSTER_WORK" -p "$PG_CLUSTER_PORT" -U postgres -d postgres <<SQL
CREATE ROLE plugboard_store LOGIN PASSWORD '$PG_CLUSTER_PASSWORD';
CREATE DATABASE plugboard_store OWNER plugboard_store;
SQL
  export PLUGBOARD_TEST_STORE_URL="postgres://plugboard_store:$PG_CLUSTER_PASSWORD@127.0.0.1:$PG_CLUSTER_PORT/plugboard_store?sslmode=verify-full&sslrootcert=$PG_CLUSTER_WORK/server.crt"
  export PLUGBOARD_TEST_STORE_PSQL="$PG_BIN/psql"
  echo "PostgreSQL for the store listening on 127.0.0.1:$PG_CLUSTER_PORT (TLS on)" >&2
}
