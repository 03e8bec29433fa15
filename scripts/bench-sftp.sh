#!/usr/bin/env bash
# Benchmark (not a test): upload and download of one file through the sftp node (Plugboard's HTTP API, the content
# as base64 in JSON, as agents and workflows send it), beside OpenSSH's `sftp` and curl's SFTP against the same
# OpenSSH server in the same run. Rounds alternate the clients and the summary quotes medians as ratios.
#
#   scripts/bench-sftp.sh                          3 rounds, a 100 MB file
#   BENCH_ROUNDS=5 BENCH_SIZE_MB=50 scripts/bench-sftp.sh
#
# Results: bench-results/sftp-<UTC time>.txt and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/bench-lib.sh
source scripts/services/sftp.sh

ROUNDS="${BENCH_ROUNDS:-3}"
SIZE_MB="${BENCH_SIZE_MB:-100}"
TOKEN="pb_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

ensure_packages curl python3 libsqlite3-dev openssl
WORK="$(mktemp -d /tmp/plugboard-bench-sftp.XXXXXX)"
chmod 755 "$WORK"
on_exit "rm -rf '$WORK'"

start_sftp_server
# The upload's JSON body holds the file as base64: allow it.
PLUGBOARD_MAX_BODY_BYTES=$(((SIZE_MB * 1048576 * 4 / 3) + 1048576)) start_plugboard

api() {
  local method="$1" path="$2"
  shift 2
  curl -fsS -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    "http://127.0.0.1:$PLUGBOARD_PORT$path" "$@"
}
api POST /api/v1/applications -d '{"name":"bench"}' >/dev/null
api POST /api/v1/applications/bench/credentials \
  -d "{\"name\":\"login\",\"kind\":\"username_password\",\"fields\":{\"username\":\"$PLUGBOARD_TEST_SFTP_USER\",\"password\":\"$PLUGBOARD_TEST_SFTP_PASSWORD\"}}" >/dev/null
api POST /api/v1/applications/bench/connectors \
  -d "{\"type\":\"plugboard.nodes.sftp\",\"name\":\"box\",\"credentialId\":\"login\",\"options\":{\"host\":\"127.0.0.1\",\"port\":$PLUGBOARD_TEST_SFTP_PORT,\"hostKeyFingerprint\":\"$PLUGBOARD_TEST_SFTP_FINGERPRINT\",\"maxDownloadBytes\":$((SIZE_MB * 1048576 + 1))}}" >/dev/null

head -c "$((SIZE_MB * 1048576))" /dev/urandom >"$WORK/file.bin"
python3 - "$WORK" <<'PY'
import base64, json, sys
work = sys.argv[1]
data = open(work + "/file.bin", "rb").read()
json.dump({"path": "bench-plugboard.bin", "base64": base64.b64encode(data).decode()}, open(work + "/upload.json", "w"))
PY
SSH_OPTIONS=(-i "$PLUGBOARD_TEST_SFTP_KEY_ED25519" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR)
SFTP_URL="sftp://127.0.0.1:$PLUGBOARD_TEST_SFTP_PORT/home/$PLUGBOARD_TEST_SFTP_USER"

# Each prints the seconds one transfer took.
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
sftp_upload() { echo "put $WORK/file.bin bench-sftp.bin" | sftp -q -b - "${SSH_OPTIONS[@]}" -P "$PLUGBOARD_TEST_SFTP_PORT" "$PLUGBOARD_TEST_SFTP_USER@127.0.0.1"; }
sftp_download() { echo "get bench-sftp.bin $WORK/sftp.bin" | sftp -q -b - "${SSH_OPTIONS[@]}" -P "$PLUGBOARD_TEST_SFTP_PORT" "$PLUGBOARD_TEST_SFTP_USER@127.0.0.1"; }
curl_upload() { curl -fsS --insecure -u "$PLUGBOARD_TEST_SFTP_USER:$PLUGBOARD_TEST_SFTP_PASSWORD" -T "$WORK/file.bin" "$SFTP_URL/bench-curl.bin"; }
curl_download() { curl -fsS --insecure -u "$PLUGBOARD_TEST_SFTP_USER:$PLUGBOARD_TEST_SFTP_PASSWORD" -o "$WORK/curl.bin" "$SFTP_URL/bench-curl.bin"; }

RESULTS="$WORK/rounds.tsv"
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then
    su="$(seconds sftp_upload)"; cu="$(seconds curl_upload)"; pu="$(seconds plugboard_upload)"
    sd="$(seconds sftp_download)"; cd_="$(seconds curl_download)"; pd="$(seconds plugboard_download)"
  else
    pu="$(seconds plugboard_upload)"; cu="$(seconds curl_upload)"; su="$(seconds sftp_upload)"
    pd="$(seconds plugboard_download)"; cd_="$(seconds curl_download)"; sd="$(seconds sftp_download)"
  fi
  python3 - "$WORK" <<'PY'
import base64, json, sys
work = sys.argv[1]
original = open(work + "/file.bin", "rb").read()
assert base64.b64decode(json.load(open(work + "/download.json"))["output"]["base64"]) == original, "plugboard's download differs"
assert open(work + "/sftp.bin", "rb").read() == original and open(work + "/curl.bin", "rb").read() == original
PY
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$su" "$cu" "$pu" "$sd" "$cd_" "$pd" >>"$RESULTS"
  echo "round $round: upload s (sftp curl plugboard) $su $cu $pu | download s $sd $cd_ $pd" >&2
done

mkdir -p bench-results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
python3 - "$RESULTS" "bench-results/sftp-$STAMP" "$SIZE_MB" <<'PY'
import json, statistics, sys
path, out, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [list(map(float, line.split("\t")[1:])) for line in open(path)]
med = lambda index: statistics.median(row[index] for row in rows)
mbps = lambda seconds: size_mb / seconds
summary = {
    "sizeMB": size_mb, "rounds": len(rows),
    "uploadMBps": {"sftp": mbps(med(0)), "curl": mbps(med(1)), "plugboard": mbps(med(2))},
    "downloadMBps": {"sftp": mbps(med(3)), "curl": mbps(med(4)), "plugboard": mbps(med(5))},
}
summary["ratios"] = {
    "uploadVsSftp": summary["uploadMBps"]["plugboard"] / summary["uploadMBps"]["sftp"],
    "uploadVsCurl": summary["uploadMBps"]["plugboard"] / summary["uploadMBps"]["curl"],
    "downloadVsSftp": summary["downloadMBps"]["plugboard"] / summary["downloadMBps"]["sftp"],
    "downloadVsCurl": summary["downloadMBps"]["plugboard"] / summary["downloadMBps"]["curl"],
}
lines = [
    f"sftp node, {size_mb} MB file, median of {len(rows)} rounds (MB/s):",
    "              sftp     curl     plugboard   plugboard/sftp   plugboard/curl",
    f"  upload    {summary['uploadMBps']['sftp']:7.1f}  {summary['uploadMBps']['curl']:7.1f}  {summary['uploadMBps']['plugboard']:9.1f}   {summary['ratios']['uploadVsSftp']:12.2f}x  {summary['ratios']['uploadVsCurl']:12.2f}x",
    f"  download  {summary['downloadMBps']['sftp']:7.1f}  {summary['downloadMBps']['curl']:7.1f}  {summary['downloadMBps']['plugboard']:9.1f}   {summary['ratios']['downloadVsSftp']:12.2f}x  {summary['ratios']['downloadVsCurl']:12.2f}x",
    "Plugboard's figures include the content's base64 and JSON through the HTTP API, as callers send and receive it.",
]
open(out + ".json", "w").write(json.dumps(summary, indent=2) + "\n")
open(out + ".txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
