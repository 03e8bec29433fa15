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

# start_nginx: write_nginx_conf on two free ports, start nginx, wait for both blocks to answer.
start_nginx() {
  NGINX_PORT="$(free_port)"
  PROXY_PORT="$(free_port)"
  write_nginx_conf
  /usr/sbin/nginx -p "$WORK" -c "$WORK/nginx.conf" &
  local pid=$!
  on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
  wait_for_url "http://127.0.0.1:$NGINX_PORT/data.json" 15 || { cat "$WORK/nginx-error.log" >&2; exit 1; }
  wait_for_url "http://127.0.0.1:$PROXY_PORT/data.json" 15 || { cat "$WORK/nginx-error.log" >&2; exit 1; }
}

# start_plugboard: the release build (or PLUGBOARD_BINARY) serving on PLUGBOARD_PORT with a fresh data folder and
# the admin token TOKEN; LOG_LEVEL passes through when set.
start_plugboard() {
  local binary="${PLUGBOARD_BINARY:-}"
  if [ -z "$binary" ]; then
    swift build -c release --product plugboard
    binary=.build/release/plugboard
  fi
  PLUGBOARD_PORT="$(free_port)"
  PLUGBOARD_ADMIN_TOKEN="$TOKEN" PLUGBOARD_EGRESS_ALLOW="127.0.0.0/8" \
    "$binary" serve --port "$PLUGBOARD_PORT" --data "$WORK/data" >"$WORK/plugboard.log" 2>&1 &
  local pid=$!
  on_exit "kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null"
  wait_for_url "http://127.0.0.1:$PLUGBOARD_PORT/healthz" 60 || { cat "$WORK/plugboard.log" >&2; exit 1; }
}
