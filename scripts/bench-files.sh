#!/usr/bin/env bash
# Benchmark (not a test): upload and download of one file through a file node (Plugboard's HTTP API, the content as
# base64 in JSON, as agents and workflows send it), beside other clients against the same server in the same run:
#   sftp  Debian's OpenSSH server; OpenSSH's `sftp` and curl's SFTP beside it
#   ftp   Debian's vsftpd with explicit TLS (each data connection resuming the TLS session); curl's FTPS beside it
# Rounds alternate the clients' order and the summary quotes medians as ratios.
#
#   scripts/bench-files.sh sftp                     3 rounds, a 100 MB file
#   BENCH_ROUNDS=5 BENCH_SIZE_MB=50 scripts/bench-files.sh ftp
#
# Results: bench-results/<node>-<UTC time>.txt and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/bench-lib.sh
source scripts/services/sftp.sh
source scripts/services/ftp.sh

NODE="${1:-}"
case "$NODE" in
  sftp | ftp) ;;
  *) echo "usage: scripts/bench-files.sh sftp|ftp" >&2; exit 2 ;;
esac
ROUNDS="${BENCH_ROUNDS:-3}"
SIZE_MB="${BENCH_SIZE_MB:-100}"
TOKEN="pb_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

ensure_packages curl python3 libsqlite3-dev openssl libcurl4-openssl-dev
WORK="$(mktemp -d /tmp/plugboard-bench-files.XXXXXX)"
chmod 755 "$WORK"
on_exit "rm -rf '$WORK'"

api() {
  local method="$1" path="$2"
  shift 2
  curl -fsS -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    "http://127.0.0.1:$PLUGBOARD_PORT$path" "$@"
}

# The server, the connector, and the other clients: each NAME has NAME_upload and NAME_download, which write and read
# bench-NAME.bin in the login folder ($WORK/NAME.bin locally).
if [ "$NODE" = sftp ]; then
  start_sftp_server
  LOGIN_USER="$PLUGBOARD_TEST_SFTP_USER" LOGIN_PASSWORD="$PLUGBOARD_TEST_SFTP_PASSWORD"
  CONNECTOR_OPTIONS="\"host\":\"127.0.0.1\",\"port\":$PLUGBOARD_TEST_SFTP_PORT,\"hostKeyFingerprint\":\"$PLUGBOARD_TEST_SFTP_FINGERPRINT\""
  CLIENTS=(sftp curl)
  SSH_OPTIONS=(-i "$PLUGBOARD_TEST_SFTP_KEY_ED25519" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR)
  URL="sftp://127.0.0.1:$PLUGBOARD_TEST_SFTP_PORT/home/$PLUGBOARD_TEST_SFTP_USER"
  CURL_OPTIONS=(--insecure)
  sftp_upload() { echo "put $WORK/file.bin bench-sftp.bin" | sftp -q -b - "${SSH_OPTIONS[@]}" -P "$PLUGBOARD_TEST_SFTP_PORT" "$LOGIN_USER@127.0.0.1"; }
  sftp_download() { echo "get bench-sftp.bin $WORK/sftp.bin" | sftp -q -b - "${SSH_OPTIONS[@]}" -P "$PLUGBOARD_TEST_SFTP_PORT" "$LOGIN_USER@127.0.0.1"; }
else
  start_ftp_servers
  LOGIN_USER="$PLUGBOARD_TEST_FTP_USER" LOGIN_PASSWORD="$PLUGBOARD_TEST_FTP_PASSWORD"
  CA_JSON="$(python3 -c 'import json, sys; print(json.dumps(open(sys.argv[1]).read()))' "$PLUGBOARD_TEST_FTP_CA")"
  CONNECTOR_OPTIONS="\"host\":\"127.0.0.1\",\"port\":$PLUGBOARD_TEST_FTPS_EXPLICIT_PORT,\"encryption\":\"explicit\",\"caCertificate\":$CA_JSON"
  CLIENTS=(curl)
  URL="ftp://127.0.0.1:$PLUGBOARD_TEST_FTPS_EXPLICIT_PORT"
  CURL_OPTIONS=(--ssl-reqd --cacert "$PLUGBOARD_TEST_FTP_CA")
fi
curl_upload() { curl -fsS "${CURL_OPTIONS[@]}" -u "$LOGIN_USER:$LOGIN_PASSWORD" -T "$WORK/file.bin" "$URL/bench-curl.bin"; }
curl_download() { curl -fsS "${CURL_OPTIONS[@]}" -u "$LOGIN_USER:$LOGIN_PASSWORD" -o "$WORK/curl.bin" "$URL/bench-curl.bin"; }

# The upload's JSON body holds the file as base64: allow it.
PLUGBOARD_MAX_BODY_BYTES=$(((SIZE_MB * 1048576 * 4 / 3) + 1048576)) start_plugboard
api POST /api/v1/applications -d '{"name":"bench"}' >/dev/null
api POST /api/v1/applications/bench/credentials \
  -d "{\"name\":\"login\",\"kind\":\"username_password\",\"fields\":{\"username\":\"$LOGIN_USER\",\"password\":\"$LOGIN_PASSWORD\"}}" >/dev/null
api POST /api/v1/applications/bench/connectors \
  -d "{\"type\":\"plugboard.nodes.$NODE\",\"name\":\"box\",\"credentialId\":\"login\",\"options\":{$CONNECTOR_OPTIONS,\"maxDownloadBytes\":$((SIZE_MB * 1048576 + 1))}}" >/dev/null

head -c "$((SIZE_MB * 1048576))" /dev/urandom >"$WORK/file.bin"
python3 - "$WORK" <<'PY'
import base64, json, sys
work = sys.argv[1]
data = open(work + "/file.bin", "rb").read()
json.dump({"path": "bench-plugboard.bin", "base64": base64.b64encode(data).decode()}, open(work + "/upload.json", "w"))
PY

# seconds COMMAND...: prints the seconds the command took.
seconds() {
  local started
  started="$(date +%s%N)"
  "$@" >/dev/null
  python3 -c 'import sys; print(f"{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.3f}")' "$started" "$(date +%s%N)"
}
plugboard_upload() {
  api POST /api/v1/applications/bench/connectors/box/actions/upload --data-binary @"$WORK/upload.json" -o /dev/null
}
plugboard_download() {
  api POST /api/v1/applications/bench/connectors/box/actions/download -d '{"path":"bench-plugboard.bin","encoding":"base64"}' -o "$WORK/download.json"
}

# rounds.tsv: round, then per client (the others, then plugboard) its upload and download seconds.
RESULTS="$WORK/rounds.tsv"
: >"$RESULTS"
ORDER=("${CLIENTS[@]}" plugboard)
for round in $(seq 1 "$ROUNDS"); do
  declare -A up=() down=()
  if [ $((round % 2)) -eq 1 ]; then names=("${ORDER[@]}"); else names=(plugboard "${CLIENTS[@]}"); fi
  for name in "${names[@]}"; do up[$name]="$(seconds "${name}_upload")"; done
  for name in "${names[@]}"; do down[$name]="$(seconds "${name}_download")"; done
  python3 - "$WORK" "${CLIENTS[@]}" <<'PY'
import base64, json, sys
work, clients = sys.argv[1], sys.argv[2:]
original = open(work + "/file.bin", "rb").read()
assert base64.b64decode(json.load(open(work + "/download.json"))["output"]["base64"]) == original, "plugboard's download differs"
for client in clients:
    assert open(f"{work}/{client}.bin", "rb").read() == original, f"{client}'s download differs"
PY
  line="$round"
  for name in "${ORDER[@]}"; do line+=$'\t'"${up[$name]}"$'\t'"${down[$name]}"; done
  echo "$line" >>"$RESULTS"
  echo "round $round (upload, download seconds): $(for name in "${ORDER[@]}"; do printf '%s %s %s  ' "$name" "${up[$name]}" "${down[$name]}"; done)" >&2
done

mkdir -p bench-results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
python3 - "$RESULTS" "bench-results/$NODE-$STAMP" "$SIZE_MB" "$NODE" "${ORDER[@]}" <<'PY'
import json, statistics, sys
path, out, size_mb, node, names = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:]
rows = [list(map(float, line.split("\t")[1:])) for line in open(path)]
mbps = lambda column: size_mb / statistics.median(row[column] for row in rows)
summary = {"node": node, "sizeMB": size_mb, "rounds": len(rows),
           "uploadMBps": {name: mbps(2 * index) for index, name in enumerate(names)},
           "downloadMBps": {name: mbps(2 * index + 1) for index, name in enumerate(names)}}
others = names[:-1]
summary["ratios"] = {f"{way}Vs{other.capitalize()}": summary[f"{way}MBps"]["plugboard"] / summary[f"{way}MBps"][other]
                     for way in ("upload", "download") for other in others}
header = "".join(f"{name:>11}" for name in names) + "".join(f"{'plugboard/' + other:>18}" for other in others)
lines = [f"{node} node, {size_mb} MB file, median of {len(rows)} rounds (MB/s):", "          " + header]
for way in ("upload", "download"):
    figures = "".join(f"{summary[way + 'MBps'][name]:11.1f}" for name in names)
    ratios = "".join(f"{summary['ratios'][way + 'Vs' + other.capitalize()]:17.2f}x" for other in others)
    lines.append(f"  {way:<8}" + figures + ratios)
lines.append("Plugboard's figures include the content's base64 and JSON through the HTTP API, as callers send and receive it.")
open(out + ".json", "w").write(json.dumps(summary, indent=2) + "\n")
open(out + ".txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
