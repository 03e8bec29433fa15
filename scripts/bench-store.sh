#!/usr/bin/env bash
# Benchmark (not a test): the rest connector's GET through Plugboard on the PostgreSQL store against the same on
# the embedded SQLite store, in one run, and two PostgreSQL replicas behind nginx against one. Every server is the
# release build with a fresh store; the upstream is a local nginx serving a small JSON file. wrk runs each side at
# the same concurrency; rounds rotate the order and the summary quotes medians, because absolute figures drift on
# a shared two-core machine (where wrk, nginx, PostgreSQL and the replicas all share the cores).
#
#   scripts/bench-store.sh              3 rounds of 10 s, 2 threads, 32 connections
#   BENCH_ROUNDS=5 BENCH_DURATION=20s scripts/bench-store.sh
#
# Results: bench-results/store-<UTC time>.txt and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/bench-lib.sh
source scripts/services/postgres.sh

ROUNDS="${BENCH_ROUNDS:-3}"
DURATION="${BENCH_DURATION:-10s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
TOKEN="pb_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

ensure_packages nginx-light wrk curl python3 libsqlite3-dev openssl

WORK="$(mktemp -d /tmp/plugboard-bench-store.XXXXXX)"
chmod 755 "$WORK"
on_exit "rm -rf '$WORK'"

api() {
  local method="$1" path="$2"
  shift 2
  curl -fsS -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    "http://127.0.0.1:$PLUGBOARD_PORT$path" "$@"
}

# start_balancer PORT...: nginx round robin over the replicas' ports on BALANCER_PORT (its pid in BALANCER_PID).
start_balancer() {
  BALANCER_PORT="$(free_port)"
  mkdir -p "$WORK/balancer/temp"
  local servers="" port
  for port in "$@"; do servers+="    server 127.0.0.1:$port;"$'\n'; done
  cat >"$WORK/balancer/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/balancer/nginx.pid;
error_log $WORK/balancer/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/balancer/temp/body;
  proxy_temp_path $WORK/balancer/temp/proxy;
  fastcgi_temp_path $WORK/balancer/temp/fastcgi;
  uwsgi_temp_path $WORK/balancer/temp/uwsgi;
  scgi_temp_path $WORK/balancer/temp/scgi;
  upstream replicas {
$servers    keepalive 64;
  }
  server {
    listen 127.0.0.1:$BALANCER_PORT;
    location / {
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
  /usr/sbin/nginx -p "$WORK/balancer" -c "$WORK/balancer/nginx.conf" &
  BALANCER_PID=$!
  on_exit "kill $BALANCER_PID 2>/dev/null; wait $BALANCER_PID 2>/dev/null"
  wait_for_url "http://127.0.0.1:$BALANCER_PORT/healthz" 15 || { cat "$WORK/balancer/error.log" >&2; exit 1; }
}

start_nginx
start_store_postgres
# The store's cluster logs in with md5 for the tests; the URL is the one replicas use.
DATABASE_URL="$PLUGBOARD_TEST_STORE_URL&schema=bench&pool_size=10"

start_plugboard
SQLITE_PORT="$PLUGBOARD_PORT"
SQLITE_PID="$PLUGBOARD_PID"
create_upstream_connector

export PLUGBOARD_DATABASE_URL="$DATABASE_URL"
PLUGBOARD_MASTER_KEY="$(openssl rand -base64 32)"
export PLUGBOARD_MASTER_KEY
PLUGBOARD_DATA="$WORK/replica-1" start_plugboard
PG_PORT="$PLUGBOARD_PORT"
PG_PID="$PLUGBOARD_PID"
create_upstream_connector
PLUGBOARD_DATA="$WORK/replica-2" start_plugboard
PG2_PID="$PLUGBOARD_PID"
start_balancer "$PG_PORT" "$PLUGBOARD_PORT"
unset PLUGBOARD_DATABASE_URL PLUGBOARD_MASTER_KEY

cat >"$WORK/plugboard.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"path":"/data.json"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
ACTION="/api/v1/applications/bench/connectors/upstream/actions/request"
for port in "$SQLITE_PORT" "$PG_PORT" "$BALANCER_PORT"; do
  answer="$(curl -fsS -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    "http://127.0.0.1:$port$ACTION" -d '{"path":"/data.json"}')"
  echo "$answer" | python3 -c 'import json, sys; assert json.load(sys.stdin)["output"]["status"] == 200' ||
    { echo "error: the bench action on port $port did not return 200: $answer" >&2; exit 1; }
done

echo "Warming up..." >&2
for port in "$SQLITE_PORT" "$PG_PORT" "$BALANCER_PORT"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$WORK/plugboard.lua" "http://127.0.0.1:$port$ACTION" >/dev/null
done

run_side() {
  case "$1" in
    sqlite) measure_wrk "sqlite-$2" "http://127.0.0.1:$SQLITE_PORT$ACTION" "$SQLITE_PID" -s "$WORK/plugboard.lua" ;;
    postgres) measure_wrk "postgres-$2" "http://127.0.0.1:$PG_PORT$ACTION" "$PG_PID" -s "$WORK/plugboard.lua" ;;
    replicas) measure_wrk "replicas-$2" "http://127.0.0.1:$BALANCER_PORT$ACTION" "$PG_PID $PG2_PID $BALANCER_PID" -s "$WORK/plugboard.lua" ;;
  esac
}

mkdir -p bench-results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$WORK/rounds.tsv"
: >"$RESULTS"
SIDES=(sqlite postgres replicas)
for round in $(seq 1 "$ROUNDS"); do
  declare -A row=()
  for offset in 0 1 2; do
    side="${SIDES[$(((round - 1 + offset) % 3))]}"
    row[$side]="$(run_side "$side" "$round")"
  done
  printf '%s\t%s\t%s\t%s\n' "$round" "${row[sqlite]}" "${row[postgres]}" "${row[replicas]}" >>"$RESULTS"
  echo "round $round: sqlite ${row[sqlite]} | postgres ${row[postgres]} | two replicas ${row[replicas]}  (rps p50 p99 errors cpu-us)" >&2
  unset row
done

python3 - "$RESULTS" "bench-results/store-$STAMP" "$ROUNDS" "$DURATION" "$THREADS" "$CONNECTIONS" <<'PY'
import json, statistics, sys
path, out, rounds, duration, threads, connections = sys.argv[1:]
def side(text):
    v = text.split()
    return {"rps": float(v[0]), "p50Ms": float(v[1]), "p99Ms": float(v[2]), "errors": int(v[3]), "cpuMicrosPerRequest": float(v[4])}
rows = []
for line in open(path):
    round_, sqlite, postgres, replicas = line.rstrip("\n").split("\t")
    rows.append({"round": int(round_), "sqlite": side(sqlite), "postgres": side(postgres), "replicas": side(replicas)})
def median(f):
    return statistics.median(f(r) for r in rows)
pg_ratio = median(lambda r: r["postgres"]["rps"] / r["sqlite"]["rps"])
replica_ratio = median(lambda r: r["replicas"]["rps"] / r["postgres"]["rps"])
errors = sum(r[s]["errors"] for r in rows for s in ("sqlite", "postgres", "replicas"))
summary = (
    f"\nrest GET through Plugboard by store; {rounds} rounds of {duration}, wrk -t{threads} -c{connections}\n"
    f"median throughput ratio PostgreSQL store / SQLite store: {pg_ratio:.3f}   (target >= 0.9)\n"
    f"median throughput ratio two PostgreSQL replicas behind nginx / one: {replica_ratio:.3f}\n"
    f"median req/s: SQLite {median(lambda r: r['sqlite']['rps']):.1f}, PostgreSQL {median(lambda r: r['postgres']['rps']):.1f}, "
    f"two replicas {median(lambda r: r['replicas']['rps']):.1f}\n"
    f"median p50 / p99 ms: SQLite {median(lambda r: r['sqlite']['p50Ms']):.3f} / {median(lambda r: r['sqlite']['p99Ms']):.3f}, "
    f"PostgreSQL {median(lambda r: r['postgres']['p50Ms']):.3f} / {median(lambda r: r['postgres']['p99Ms']):.3f}, "
    f"two replicas {median(lambda r: r['replicas']['p50Ms']):.3f} / {median(lambda r: r['replicas']['p99Ms']):.3f}\n"
    + (f"WARNING: {errors} non-2xx responses; the figures are not valid\n" if errors else "")
)
print(summary)
json.dump({"rounds": rows, "medianPostgresToSQLite": pg_ratio, "medianTwoReplicasToOne": replica_ratio,
           "duration": duration, "threads": int(threads), "connections": int(connections)}, open(out + ".json", "w"), indent=2)
with open(out + ".txt", "w") as text:
    text.write(summary)
PY
echo "Results written to bench-results/store-$STAMP.json and .txt" >&2
