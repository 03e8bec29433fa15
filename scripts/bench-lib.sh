#!/usr/bin/env bash
# Shared by the benchmark scripts (after scripts/lib.sh, with WORK and TOKEN set): free ports, waiting for a URL,
# a local nginx (an origin serving data.json, and a reverse proxy to it), and a release Plugboard server.

# free_port: a free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for_url URL SECONDS: polls until URL answers 2xx.
wait_for_url() {
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then return 1; fi
    sleep 0.2
  done
}

# write_nginx_conf: one nginx with two server blocks: the origin serving data.json on NGINX_PORT, and a
# reverse proxy on PROXY_PORT passing every request to the origin over kept-alive HTTP/1.1 connections.
write_nginx_conf() {
  mkdir -p "$WORK/www" "$WORK/nginx-temp"
  printf '{"id":42,"name":"plugboard-bench","tags":["a","b","c"],"active":true,"score":0.93}\n' >"$WORK/www/data.json"
  chmod -R a+rX "$WORK/www"
  cat >"$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx-temp/body;
  proxy_temp_path $WORK/nginx-temp/proxy;
  fastcgi_temp_path $WORK/nginx-temp/fastcgi;
  uwsgi_temp_path $WORK/nginx-temp/uwsgi;
  scgi_temp_path $WORK/nginx-temp/scgi;
  upstream origin {
    server 127.0.0.1:$NGINX_PORT;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location / { default_type application/json; }
  }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering on;
    }
  }
}
CONF
}

# start_nginx: write_nginx_conf on two free ports, start nginx (its master's pid in NGINX_PID), wait for both
# blocks to answer.
start_nginx() {
  NGINX_PORT="$(free_port)"
  PROXY_PORT="$(free_port)"
  write_nginx_conf
  /usr/sbin/nginx -p "$WORK" -c "$WORK/nginx.conf" &
  local pid=$!
  NGINX_PID=$pid
  on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
  wait_for_url "http://127.0.0.1:$NGINX_PORT/data.json" 15 || { cat "$WORK/nginx-error.log" >&2; exit 1; }
  wait_for_url "http://127.0.0.1:$PROXY_PORT/data.json" 15 || { cat "$WORK/nginx-error.log" >&2; exit 1; }
}

# start_plugboard: the release build (or PLUGBOARD_BINARY) serving on PLUGBOARD_PORT (its pid in PLUGBOARD_PID) with
# a fresh data folder and the admin token TOKEN; LOG_LEVEL passes through when set. PLUGBOARD_STARTUP_MS says how long
# it took from launch to the first /healthz 200.
start_plugboard() {
  local binary="${PLUGBOARD_BINARY:-}"
  if [ -z "$binary" ]; then
    swift build -c release --product plugboard
    binary=.build/release/plugboard
  fi
  PLUGBOARD_PORT="$(free_port)"
  local started
  started="$(date +%s%N)"
  PLUGBOARD_ADMIN_TOKEN="$TOKEN" PLUGBOARD_EGRESS_ALLOW="127.0.0.0/8" \
    "$binary" serve --port "$PLUGBOARD_PORT" --data "${PLUGBOARD_DATA:-$WORK/data}" >"$WORK/plugboard.log" 2>&1 &
  local pid=$!
  PLUGBOARD_PID=$pid
  on_exit "kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null"
  until curl -fsS -o /dev/null "http://127.0.0.1:$PLUGBOARD_PORT/healthz" 2>/dev/null; do
    if [ $(($(date +%s%N) - started)) -gt 60000000000 ]; then cat "$WORK/plugboard.log" >&2; exit 1; fi
    sleep 0.005
  done
  PLUGBOARD_STARTUP_MS=$((($(date +%s%N) - started) / 1000000))
}

# create_upstream_connector: the application `bench` and its `rest` connector `upstream` for the nginx origin, with
# a bearer-token credential (nginx ignores the header), so every measured call also loads, injects and redacts
# a secret as users' calls do. Needs an `api METHOD PATH [curl args]` function.
create_upstream_connector() {
  api POST /api/v1/applications -d '{"name":"bench"}' >/dev/null
  api POST /api/v1/applications/bench/credentials \
    -d '{"name":"upstream-token","kind":"bearer_token","fields":{"token":"bench-upstream-secret-4f1c"}}' >/dev/null
  api POST /api/v1/applications/bench/connectors \
    -d "{\"type\":\"plugboard.nodes.rest\",\"name\":\"upstream\",\"credentialId\":\"upstream-token\",\"options\":{\"baseUrl\":\"http://127.0.0.1:$NGINX_PORT\"}}" >/dev/null
}

# cpu_ticks PID...: the user and system CPU clock ticks the processes have used so far, all threads included.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    if [ -r "/proc/$pid/stat" ]; then total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); fi
  done
  echo "$total"
}

# nginx_pids: the nginx master and its workers, whose CPU the nginx sides of a benchmark use.
nginx_pids() {
  echo "$NGINX_PID" $(pgrep -P "$NGINX_PID")
}

# rss_mb PID: the process's resident memory in MiB.
rss_mb() {
  awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"
}

# measure_wrk NAME URL PIDS [wrk args...]: runs wrk (THREADS, CONNECTIONS, DURATION) against URL and prints
# "rps p50_ms p99_ms errors cpu_us_per_request": errors counts non-2xx answers and socket errors; the CPU is what the
# processes PIDS (a space-separated list) used during the run, divided by the requests wrk completed.
measure_wrk() {
  local name="$1" url="$2" pids="$3"
  shift 3
  local before after
  before="$(cpu_ticks $pids)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$WORK/$name.txt"
  after="$(cpu_ticks $pids)"
  python3 - "$WORK/$name.txt" "$before" "$after" "$(getconf CLK_TCK)" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
before, after, ticks = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
def percentile(p):
    match = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % p, text, re.M)
    return ms(*match.groups()) if match else float("nan")
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
requests = int(re.search(r"(\d+) requests in", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
cpu = (after - before) * 1e6 / ticks / max(requests, 1)
print(f"{rps:.1f} {percentile(50):.3f} {percentile(99):.3f} {errors} {cpu:.1f}")
PY
}
