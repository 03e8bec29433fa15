#!/usr/bin/env bash
# Benchmark (not a test): postgresql `query` executions per second through Plugboard's HTTP API, beside
# `pgbench -S` (the same primary-key SELECT) run directly against the same server at the same concurrency.
# Rounds alternate the two runs and the summary quotes medians, because absolute figures drift.
#
#   scripts/bench-postgres.sh                       3 rounds of 10 s, 2 threads, 16 connections
#   BENCH_ROUNDS=5 BENCH_DURATION=20 BENCH_CONNECTIONS=32 scripts/bench-postgres.sh
#   BENCH_PG_WRITES=true ...                        a connector with writes allowed (no READ ONLY wrapper)
#
# Results: bench-results/postgres-<UTC time>.txt and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/bench-lib.sh
source scripts/services/postgres.sh

ROUNDS="${BENCH_ROUNDS:-3}"
DURATION="${BENCH_DURATION:-10}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
WRITES="${BENCH_PG_WRITES:-false}"
TOKEN="pb_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

ensure_packages wrk curl python3 libsqlite3-dev openssl
WORK="$(mktemp -d /tmp/plugboard-bench-pg.XXXXXX)"
chmod 755 "$WORK"
on_exit "rm -rf '$WORK'"

PG_MAX_CONNECTIONS=$((CONNECTIONS * 2 + 20)) start_postgres
export PGPASSWORD="$PLUGBOARD_TEST_PG_PASSWORD"
PGBENCH=("$PG_BIN/pgbench" -h 127.0.0.1 -p "$PLUGBOARD_TEST_PG_PORT" -U "$PLUGBOARD_TEST_PG_USER")
"${PGBENCH[@]}" -i -q -s 1 "$PLUGBOARD_TEST_PG_DATABASE" >/dev/null 2>&1

start_plugboard
IDLE_RSS_MB="$(rss_mb "$PLUGBOARD_PID")"

api() {
  local method="$1" path="$2"
  shift 2
  curl -fsS -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    "http://127.0.0.1:$PLUGBOARD_PORT$path" "$@"
}
api POST /api/v1/applications -d '{"name":"bench"}' >/dev/null
api POST /api/v1/applications/bench/credentials -d "{\"name\":\"pg\",\"kind\":\"username_password\",\"fields\":{\"username\":\"$PLUGBOARD_TEST_PG_USER\",\"password\":\"$PLUGBOARD_TEST_PG_PASSWORD\"}}" >/dev/null
api POST /api/v1/applications/bench/connectors -d "{\"type\":\"plugboard.nodes.postgresql\",\"name\":\"db\",\"credentialId\":\"pg\",\"options\":{\"host\":\"127.0.0.1\",\"port\":$PLUGBOARD_TEST_PG_PORT,\"database\":\"$PLUGBOARD_TEST_PG_DATABASE\",\"tlsMode\":\"disable\",\"poolSize\":$CONNECTIONS,\"allowWrites\":$WRITES}}" >/dev/null
QUERY_URL="http://127.0.0.1:$PLUGBOARD_PORT/api/v1/applications/bench/connectors/db/actions/query"
answer="$(api POST /api/v1/applications/bench/connectors/db/actions/query -d '{"sql":"SELECT abalance FROM pgbench_accounts WHERE aid = @aid","variables":{"aid":1}}')"
echo "$answer" | python3 -c 'import json, sys; assert json.load(sys.stdin)["output"]["rowCount"] == 1' ||
  { echo "error: the bench query failed: $answer" >&2; exit 1; }

cat >"$WORK/query.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
request = function()
  local body = '{"sql":"SELECT abalance FROM pgbench_accounts WHERE aid = @aid","variables":{"aid":' .. math.random(1, 100000) .. '}}'
  return wrk.format(nil, nil, nil, body)
end
LUA

# Each prints "tps p50_ms p99_ms errors" (and, for Plugboard, its CPU per request).
measure_plugboard() {
  DURATION="${DURATION}s" measure_wrk plugboard "$QUERY_URL" "$PLUGBOARD_PID" -s "$WORK/query.lua"
}

measure_pgbench() {
  rm -f "$WORK"/pgb.*
  "${PGBENCH[@]}" -S -n -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -l --log-prefix="$WORK/pgb" \
    "$PLUGBOARD_TEST_PG_DATABASE" >"$WORK/pgbench.txt" 2>&1
  python3 - "$WORK" <<'PY'
import glob, re, statistics, sys
work = sys.argv[1]
text = open(work + "/pgbench.txt").read()
tps = float(re.search(r"tps = ([\d.]+)", text).group(1))
latencies = []
for path in glob.glob(work + "/pgb.*"):
    for line in open(path):
        fields = line.split()
        if len(fields) >= 3:
            latencies.append(int(fields[2]) / 1000.0)
latencies.sort()
def pct(p):
    return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else float("nan")
failed = re.search(r"number of failed transactions: (\d+)", text)
print(f"{tps:.1f} {pct(50):.3f} {pct(99):.3f} {int(failed.group(1)) if failed else 0}")
PY
}

echo "Warming up..." >&2
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$WORK/query.lua" "$QUERY_URL" >/dev/null

RESULTS="$WORK/rounds.tsv"
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then
    direct="$(measure_pgbench)"; plugboard="$(measure_plugboard)"
  else
    plugboard="$(measure_plugboard)"; direct="$(measure_pgbench)"
  fi
  printf '%s\t%s\t%s\n' "$round" "$direct" "$plugboard" >>"$RESULTS"
  echo "round $round: pgbench -S [tps p50 p99 errors] $direct | plugboard query [+ cpu-us/req] $plugboard" >&2
done

mkdir -p bench-results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
python3 - "$RESULTS" "bench-results/postgres-$STAMP" "$ROUNDS" "$DURATION" "$THREADS" "$CONNECTIONS" "$WRITES" \
  "$IDLE_RSS_MB" "$(rss_mb "$PLUGBOARD_PID")" <<'PY'
import json, statistics, sys
path, out, rounds, duration, threads, connections, writes, idle_rss, loaded_rss = sys.argv[1:]
rows = []
for line in open(path):
    round_, direct, plugboard = line.rstrip("\n").split("\t")
    d, p = direct.split(), plugboard.split()
    rows.append({"round": int(round_),
                 "pgbench": {"tps": float(d[0]), "p50Ms": float(d[1]), "p99Ms": float(d[2]), "errors": int(d[3])},
                 "plugboard": {"rps": float(p[0]), "p50Ms": float(p[1]), "p99Ms": float(p[2]), "errors": int(p[3]),
                               "cpuMicrosPerRequest": float(p[4])}})
med = lambda xs: statistics.median(list(xs))
ratio = med(r["plugboard"]["rps"] / r["pgbench"]["tps"] for r in rows)
errors = sum(r["plugboard"]["errors"] + r["pgbench"]["errors"] for r in rows)
summary = (
    f"\npostgresql query through Plugboard's HTTP API vs pgbench -S directly; {rounds} rounds of {duration} s, "
    f"{connections} connections, {threads} threads, allowWrites={writes}\n"
    f"median throughput ratio (plugboard / pgbench): {ratio:.3f}\n"
    f"median plugboard executions/s: {med(r['plugboard']['rps'] for r in rows):.1f}   "
    f"median pgbench tps: {med(r['pgbench']['tps'] for r in rows):.1f}\n"
    f"median latency plugboard: p50 {med(r['plugboard']['p50Ms'] for r in rows):.3f} ms, p99 {med(r['plugboard']['p99Ms'] for r in rows):.3f} ms\n"
    f"median latency pgbench:   p50 {med(r['pgbench']['p50Ms'] for r in rows):.3f} ms, p99 {med(r['pgbench']['p99Ms'] for r in rows):.3f} ms\n"
    f"median Plugboard CPU per execution: {med(r['plugboard']['cpuMicrosPerRequest'] for r in rows):.1f} us; "
    f"RSS {idle_rss} MiB idle after start, {loaded_rss} MiB after the rounds\n"
    + (f"WARNING: {errors} errors; the figures are not valid\n" if errors else "")
)
print(summary)
json.dump({"rounds": rows, "medianRatio": ratio, "connections": int(connections), "allowWrites": writes == "true"},
          open(out + ".json", "w"), indent=2)
open(out + ".txt", "w").write(summary)
PY
