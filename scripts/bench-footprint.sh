#!/usr/bin/env bash
# Benchmark (not a test): what Plugboard costs at rest with many connectors. Starts the release server on a fresh data
# folder, creates BENCH_CONNECTORS `rest` connectors (1,000 by default) against a local nginx, runs each one's request
# once so every pool has opened, and prints:
#   - RSS idle after start, and with every pool opened (the growth per connector);
#   - the time from launch to the first /healthz 200 with those connectors in the store (a second start).
#
#   scripts/bench-footprint.sh
#   BENCH_CONNECTORS=5000 scripts/bench-footprint.sh
#
# Results: bench-results/footprint-<UTC time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/bench-lib.sh

COUNT="${BENCH_CONNECTORS:-1000}"
TOKEN="pb_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

ensure_packages nginx-light curl python3 libsqlite3-dev openssl

WORK="$(mktemp -d /tmp/plugboard-bench-footprint.XXXXXX)"
chmod 755 "$WORK"
on_exit "rm -rf '$WORK'"
PLUGBOARD_DATA="$WORK/data"

start_nginx
start_plugboard
sleep 1
IDLE_RSS_MB="$(rss_mb "$PLUGBOARD_PID")"
FIRST_STARTUP_MS="$PLUGBOARD_STARTUP_MS"

# One kept-alive connection creates the connectors and runs each once.
python3 - "$PLUGBOARD_PORT" "$TOKEN" "$NGINX_PORT" "$COUNT" <<'PY'
import http.client, json, sys
port, token, nginx, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
connection = http.client.HTTPConnection("127.0.0.1", int(port))
def call(method, path, body):
    connection.request(method, path, json.dumps(body), {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    response = connection.getresponse()
    text = response.read()
    if response.status >= 300:
        sys.exit(f"{method} {path} answered {response.status}: {text[:300]!r}")
call("POST", "/api/v1/applications", {"name": "bench"})
for index in range(count):
    call("POST", "/api/v1/applications/bench/connectors",
         {"type": "plugboard.nodes.rest", "name": f"upstream-{index}", "options": {"baseUrl": f"http://127.0.0.1:{nginx}"}})
for index in range(count):
    call("POST", f"/api/v1/applications/bench/connectors/upstream-{index}/actions/request", {"path": "/data.json"})
PY
sleep 1
OPENED_RSS_MB="$(rss_mb "$PLUGBOARD_PID")"

# A second start over the same data folder, now holding the connectors.
kill -TERM "$PLUGBOARD_PID"
wait "$PLUGBOARD_PID" 2>/dev/null || true
start_plugboard
LOADED_STARTUP_MS="$PLUGBOARD_STARTUP_MS"

mkdir -p bench-results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
python3 - "$COUNT" "$IDLE_RSS_MB" "$OPENED_RSS_MB" "$FIRST_STARTUP_MS" "$LOADED_STARTUP_MS" <<'PY' | tee "bench-results/footprint-$STAMP.txt"
import sys
count, idle, opened, first, loaded = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
print(f"Plugboard footprint with {count} rest connectors")
print(f"  RSS idle after start:             {idle:.1f} MiB")
print(f"  RSS with every pool opened once:  {opened:.1f} MiB  (+{opened - idle:.1f} MiB, {(opened - idle) * 1024 / count:.1f} KiB per connector)")
print(f"  start to first /healthz 200:      {first} ms on an empty store, {loaded} ms with {count} connectors")
PY
