#!/usr/bin/env bash
# Benchmark (not a test): the rest connector's GET through Plugboard to a local nginx, beside nginx proxying
# to the same nginx (a second server block with proxy_pass and a keepalive upstream), and nginx hit directly.
# wrk runs each at the same concurrency; rounds alternate the order and the summary quotes medians, because
# absolute figures drift on shared machines. The headline is requests/s of Plugboard ÷ the nginx proxy, and the
# p50/p99 latency each hop adds over nginx serving the file directly. It also prints each serving process's CPU per
# request, the latency Plugboard adds over the proxy one request at a time, Plugboard's RSS idle and loaded, and its
# time from launch to the first /healthz 200.
#
#   scripts/bench.sh                  3 rounds of 10 s, 2 threads, 32 connections
#   BENCH_ROUNDS=5 BENCH_DURATION=20s BENCH_CONNECTIONS=64 scripts/bench.sh
#   scripts/bench.sh --check-config   write the nginx configuration and check it with nginx -t, nothing else
#
# Results: bench-results/<UTC time>.txt and .json (and latest.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/bench-lib.sh

ROUNDS="${BENCH_ROUNDS:-3}"
DURATION="${BENCH_DURATION:-10s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
TOKEN="pb_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

ensure_packages nginx-light wrk curl python3 libsqlite3-dev openssl

WORK="$(mktemp -d /tmp/plugboard-bench.XXXXXX)"
chmod 755 "$WORK"
on_exit "rm -rf '$WORK'"

api() {
  local method="$1" path="$2"
  shift 2
  curl -fsS -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    "http://127.0.0.1:$PLUGBOARD_PORT$path" "$@"
}

create_connector() {
  create_upstream_connector
  local answer
  answer="$(api POST /api/v1/applications/bench/connectors/upstream/actions/request -d '{"path":"/data.json"}')"
  echo "$answer" | python3 -c 'import json, sys; assert json.load(sys.stdin)["output"]["status"] == 200' ||
    { echo "error: the bench action did not return 200: $answer" >&2; exit 1; }
  cat >"$WORK/plugboard.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"path":"/data.json"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
}

if [ "${1:-}" = "--check-config" ]; then
  NGINX_PORT="$(free_port)"
  PROXY_PORT="$(free_port)"
  write_nginx_conf
  /usr/sbin/nginx -t -p "$WORK" -c "$WORK/nginx.conf"
  exit
fi

start_nginx
start_plugboard
IDLE_RSS_MB="$(rss_mb "$PLUGBOARD_PID")"
create_connector

DIRECT_URL="http://127.0.0.1:$NGINX_PORT/data.json"
PROXY_URL="http://127.0.0.1:$PROXY_PORT/data.json"
PLUGBOARD_URL="http://127.0.0.1:$PLUGBOARD_PORT/api/v1/applications/bench/connectors/upstream/actions/request"

echo "Warming up..." >&2
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$PROXY_URL" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$WORK/plugboard.lua" "$PLUGBOARD_URL" >/dev/null

# run_side NAME ROUND: measures one of direct, proxy, plugboard; the CPU counted is the serving process's (nginx's
# master and workers, or Plugboard's).
run_side() {
  case "$1" in
    direct) measure_wrk "direct-$2" "$DIRECT_URL" "$(nginx_pids)" ;;
    proxy) measure_wrk "proxy-$2" "$PROXY_URL" "$(nginx_pids)" ;;
    plugboard) measure_wrk "plugboard-$2" "$PLUGBOARD_URL" "$PLUGBOARD_PID" -s "$WORK/plugboard.lua" ;;
  esac
}

mkdir -p bench-results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$WORK/rounds.tsv"
: >"$RESULTS"
SIDES=(direct proxy plugboard)
for round in $(seq 1 "$ROUNDS"); do
  # Rotate which side goes first, so none always gets the cooler (or hotter) machine.
  declare -A row=()
  for offset in 0 1 2; do
    side="${SIDES[$(((round - 1 + offset) % 3))]}"
    row[$side]="$(run_side "$side" "$round")"
  done
  printf '%s\t%s\t%s\t%s\n' "$round" "${row[direct]}" "${row[proxy]}" "${row[plugboard]}" >>"$RESULTS"
  python3 - "$round" "${row[direct]}" "${row[proxy]}" "${row[plugboard]}" <<'PY'
import sys
round_, direct, proxy, plugboard = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split()
print(f"\nRound {round_}")
print(f"{'target':<13}{'req/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}{'CPU us/req':>12}")
for name, row in (("nginx", direct), ("nginx proxy", proxy), ("plugboard", plugboard)):
    print(f"{name:<13}{float(row[0]):>12.1f}{float(row[1]):>10.3f}{float(row[2]):>10.3f}{row[3]:>8}{float(row[4]):>12.1f}")
print(f"ratio plugboard/nginx proxy: {float(plugboard[0]) / float(proxy[0]):.3f}   "
      f"plugboard/nginx: {float(plugboard[0]) / float(direct[0]):.3f}")
PY
  unset row
done

# One request at a time: the latency each hop adds when nothing queues.
LOADED_RSS_MB="$(rss_mb "$PLUGBOARD_PID")"
SINGLE_PROXY="$(THREADS=1 CONNECTIONS=1 measure_wrk single-proxy "$PROXY_URL" "$(nginx_pids)")"
SINGLE_PLUGBOARD="$(THREADS=1 CONNECTIONS=1 measure_wrk single-plugboard "$PLUGBOARD_URL" "$PLUGBOARD_PID" -s "$WORK/plugboard.lua")"

python3 - "$RESULTS" "bench-results/$STAMP" "$ROUNDS" "$DURATION" "$THREADS" "$CONNECTIONS" \
  "$IDLE_RSS_MB" "$LOADED_RSS_MB" "$PLUGBOARD_STARTUP_MS" "$SINGLE_PROXY" "$SINGLE_PLUGBOARD" <<'PY'
import json, statistics, sys
path, out, rounds, duration, threads, connections, idle_rss, loaded_rss, startup_ms, single_proxy, single_plugboard = sys.argv[1:]
def side(text):
    v = text.split()
    return {"rps": float(v[0]), "p50Ms": float(v[1]), "p99Ms": float(v[2]), "errors": int(v[3]), "cpuMicrosPerRequest": float(v[4])}
rows = []
for line in open(path):
    round_, direct, proxy, plugboard = line.rstrip("\n").split("\t")
    rows.append({"round": int(round_), "direct": side(direct), "proxy": side(proxy), "plugboard": side(plugboard)})
def median(f):
    return statistics.median(f(r) for r in rows)
ratio_proxy = median(lambda r: r["plugboard"]["rps"] / r["proxy"]["rps"])
ratio_direct = median(lambda r: r["plugboard"]["rps"] / r["direct"]["rps"])
added = {name: {p: median(lambda r, n=name, p=p: r[n][p] - r["direct"][p]) for p in ("p50Ms", "p99Ms")}
         for name in ("proxy", "plugboard")}
errors = sum(r[s]["errors"] for r in rows for s in ("direct", "proxy", "plugboard"))
cpu = {name: median(lambda r, n=name: r[n]["cpuMicrosPerRequest"]) for name in ("direct", "proxy", "plugboard")}
single = {"proxy": side(single_proxy), "plugboard": side(single_plugboard)}
single_added_us = (single["plugboard"]["p50Ms"] - single["proxy"]["p50Ms"]) * 1000
summary = (
    f"\nrest GET through Plugboard vs nginx proxying to nginx (and nginx directly); {rounds} rounds of {duration}, "
    f"wrk -t{threads} -c{connections}\n"
    f"median throughput ratio plugboard / nginx proxy: {ratio_proxy:.3f}   (plugboard / nginx direct: {ratio_direct:.3f})\n"
    f"median req/s: plugboard {median(lambda r: r['plugboard']['rps']):.1f}, nginx proxy {median(lambda r: r['proxy']['rps']):.1f}, "
    f"nginx direct {median(lambda r: r['direct']['rps']):.1f}\n"
    f"median added latency over nginx direct: plugboard p50 +{added['plugboard']['p50Ms']:.3f} ms, p99 +{added['plugboard']['p99Ms']:.3f} ms; "
    f"nginx proxy p50 +{added['proxy']['p50Ms']:.3f} ms, p99 +{added['proxy']['p99Ms']:.3f} ms\n"
    f"median CPU per request (the serving process): plugboard {cpu['plugboard']:.1f} us, nginx proxy {cpu['proxy']:.1f} us, "
    f"nginx direct {cpu['direct']:.1f} us\n"
    f"at concurrency 1: p50 plugboard {single['plugboard']['p50Ms'] * 1000:.0f} us, nginx proxy {single['proxy']['p50Ms'] * 1000:.0f} us "
    f"(plugboard adds {single_added_us:.0f} us); CPU per request plugboard {single['plugboard']['cpuMicrosPerRequest']:.1f} us\n"
    f"plugboard RSS: {idle_rss} MiB idle after start, {loaded_rss} MiB after the rounds; start to first /healthz 200: {startup_ms} ms\n"
    + (f"WARNING: {errors} non-2xx responses; the figures are not valid\n" if errors else "")
)
print(summary)
json.dump({"rounds": rows, "medianRatioToProxy": ratio_proxy, "medianRatioToDirect": ratio_direct,
           "addedLatencyMs": added, "cpuMicrosPerRequest": cpu, "concurrencyOne": single, "idleRSSMiB": float(idle_rss), "loadedRSSMiB": float(loaded_rss),
           "startupMs": int(startup_ms), "duration": duration, "threads": int(threads), "connections": int(connections)},
          open(out + ".json", "w"), indent=2)
with open(out + ".txt", "w") as text:
    text.write(summary)
PY
cp "bench-results/$STAMP.txt" bench-results/latest.txt
echo "Results written to bench-results/$STAMP.json and .txt" >&2
