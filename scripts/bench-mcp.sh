#!/usr/bin/env bash
# Benchmark (not a test): MCP tools/call round trips per second against a bound rest action, beside the same
# action run through the HTTP API (POST .../actions/request), as a ratio. Both go through Plugboard to the same
# nginx upstream with the same wrk settings; rounds alternate the two and the summary quotes medians.
#
#   scripts/bench-mcp.sh                                  3 rounds of 10 s, 2 threads, 16 connections
#   BENCH_ROUNDS=5 BENCH_DURATION=20s scripts/bench-mcp.sh
#   PLUGBOARD_BINARY=.build/debug/plugboard BENCH_ROUNDS=1 BENCH_DURATION=2s scripts/bench-mcp.sh   # smoke run
#
# The MCP side is one session (as one agent holds), opened with initialize; wrk then posts tools/call with its
# Mcp-Session-Id. Results: bench-results/mcp-<UTC time>.txt (and mcp-latest.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/bench-lib.sh

ROUNDS="${BENCH_ROUNDS:-3}"
DURATION="${BENCH_DURATION:-10s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
TOKEN="pb_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
PROTOCOL="2025-06-18"
export LOG_LEVEL=warning

ensure_packages nginx-light wrk curl python3 libsqlite3-dev openssl

WORK="$(mktemp -d /tmp/plugboard-bench-mcp.XXXXXX)"
chmod 755 "$WORK"
on_exit "rm -rf '$WORK'"

api() {
  local method="$1" path="$2"
  shift 2
  curl -fsS -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    "http://127.0.0.1:$PLUGBOARD_PORT$path" "$@"
}

# mcp BODY [curl args]: one POST to /mcp as an MCP client sends it.
mcp() {
  local body="$1"
  shift
  curl -sS -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    -H "Accept: application/json, text/event-stream" -H "MCP-Protocol-Version: $PROTOCOL" "$@" \
    "http://127.0.0.1:$PLUGBOARD_PORT/mcp?application=bench" -d "$body"
}

prepare() {
  create_upstream_connector
  api POST /api/v1/applications/bench/tool-bindings -d '{"connectorId":"upstream","actions":["request"]}' >/dev/null

  local init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"'"$PROTOCOL"'","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}'
  SESSION="$(mcp "$init" -D - -o /dev/null | tr -d '\r' | awk -F': ' 'tolower($1) == "mcp-session-id" { print $2 }')"
  [ -n "$SESSION" ] || { echo "error: initialize opened no MCP session" >&2; cat "$WORK/plugboard.log" >&2; exit 1; }
  mcp '{"jsonrpc":"2.0","method":"notifications/initialized"}' -H "Mcp-Session-Id: $SESSION" >/dev/null

  local call='{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"upstream__request","arguments":{"path":"/data.json"}}}'
  local answer
  answer="$(mcp "$call" -H "Mcp-Session-Id: $SESSION")"
  echo "$answer" | grep -q '"isError":false' || { echo "error: the MCP call failed: $answer" >&2; exit 1; }
  answer="$(api POST /api/v1/applications/bench/connectors/upstream/actions/request -d '{"path":"/data.json"}')"
  echo "$answer" | grep -q '"status":200' || { echo "error: the API call failed: $answer" >&2; exit 1; }

  cat >"$WORK/api.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"path":"/data.json"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
  # Each request gets its own JSON-RPC id: the transport routes answers by id.
  cat >"$WORK/mcp.lua" <<LUA
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Mcp-Session-Id"] = "$SESSION"
wrk.headers["MCP-Protocol-Version"] = "$PROTOCOL"
function setup(thread) thread:set("prefix", tostring(math.random(1, 1000000000))) end
request = function()
  counter = counter + 1
  local body = '{"jsonrpc":"2.0","id":"' .. prefix .. '-' .. counter .. '","method":"tools/call","params":{"name":"upstream__request","arguments":{"path":"/data.json"}}}'
  return wrk.format(nil, nil, nil, body)
end
LUA
}

start_nginx
start_plugboard
prepare

API_URL="http://127.0.0.1:$PLUGBOARD_PORT/api/v1/applications/bench/connectors/upstream/actions/request"
MCP_URL="http://127.0.0.1:$PLUGBOARD_PORT/mcp?application=bench"

RESULTS="$WORK/rounds.tsv"
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then
    api_line="$(measure_wrk "api-$round" "$API_URL" "$PLUGBOARD_PID" -s "$WORK/api.lua")"
    mcp_line="$(measure_wrk "mcp-$round" "$MCP_URL" "$PLUGBOARD_PID" -s "$WORK/mcp.lua")"
  else
    mcp_line="$(measure_wrk "mcp-$round" "$MCP_URL" "$PLUGBOARD_PID" -s "$WORK/mcp.lua")"
    api_line="$(measure_wrk "api-$round" "$API_URL" "$PLUGBOARD_PID" -s "$WORK/api.lua")"
  fi
  printf '%s\t%s\t%s\n' "$round" "$api_line" "$mcp_line" >>"$RESULTS"
  echo "round $round: api $api_line | mcp $mcp_line (rps p50ms p99ms errors cpu-us/req)" >&2
done

mkdir -p bench-results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
python3 - "$RESULTS" "$ROUNDS" "$DURATION" "$THREADS" "$CONNECTIONS" "$(rss_mb "$PLUGBOARD_PID")" <<'PY' | tee "bench-results/mcp-$STAMP.txt"
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().splitlines()]
api = [float(r[1].split()[0]) for r in rows]
mcp = [float(r[2].split()[0]) for r in rows]
ratios = [m / a if a else float("nan") for a, m in zip(api, mcp)]
print(f"MCP tools/call vs HTTP API run, same rest action ({sys.argv[2]} rounds x {sys.argv[3]}, {sys.argv[4]} threads, {sys.argv[5]} connections)")
print(f"  HTTP API  median {statistics.median(api):.1f} req/s")
print(f"  MCP       median {statistics.median(mcp):.1f} calls/s (one session)")
print(f"  ratio MCP/API median {statistics.median(ratios):.2f}  (per round: {', '.join(f'{r:.2f}' for r in ratios)})")
cpu = lambda column: statistics.median(float(r[column].split()[4]) for r in rows)
print(f"  CPU per request (Plugboard): HTTP API {cpu(1):.1f} us, MCP {cpu(2):.1f} us; RSS after the rounds {sys.argv[6]} MiB")
PY
cp "bench-results/mcp-$STAMP.txt" bench-results/mcp-latest.txt
