#!/usr/bin/env bash
# Benchmark (not a test): publish throughput through a queue node (Plugboard's HTTP API, records in batches, as
# workflows and agents send them), beside the Python client publishing the same messages to the same broker in the
# same run:
#   kafka  Tansu (memory storage), acks=all on both sides; kafka-python beside it
# Rounds alternate the clients' order, each round on fresh topics, and the summary quotes medians as a ratio.
#
#   scripts/bench-queues.sh kafka                          3 rounds of 20000 messages, 500 a request, 4 in flight
#   BENCH_ROUNDS=5 BENCH_MESSAGES=50000 BENCH_BATCH=1000 BENCH_CONCURRENCY=8 scripts/bench-queues.sh kafka
#
# Results: bench-results/<node>-publish-<UTC time>.txt and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/bench-lib.sh
source scripts/services/kafka.sh

NODE="${1:-}"
case "$NODE" in
  kafka) ;;
  *) echo "usage: scripts/bench-queues.sh kafka" >&2; exit 2 ;;
esac
ROUNDS="${BENCH_ROUNDS:-3}"
MESSAGES="${BENCH_MESSAGES:-20000}"
BATCH="${BENCH_BATCH:-500}"
CONCURRENCY="${BENCH_CONCURRENCY:-4}"
TOKEN="pb_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

ensure_packages curl python3 libsqlite3-dev openssl libcurl4-openssl-dev
WORK="$(mktemp -d /tmp/plugboard-bench-queues.XXXXXX)"
on_exit "rm -rf '$WORK'"

api() {
  local method="$1" path="$2"
  shift 2
  curl -fsS -X "$method" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    "http://127.0.0.1:$PLUGBOARD_PORT$path" "$@"
}

start_kafka_broker
start_plugboard
api POST /api/v1/applications -d '{"name":"bench"}' >/dev/null
api POST /api/v1/applications/bench/connectors \
  -d "{\"type\":\"plugboard.nodes.kafka\",\"name\":\"bus\",\"options\":{\"bootstrapServers\":\"$PLUGBOARD_TEST_KAFKA_BOOTSTRAP\",\"acks\":\"all\",\"allowAdmin\":true}}" >/dev/null

# topic NAME: a topic of 3 partitions, made through the node.
topic() {
  api POST /api/v1/applications/bench/connectors/bus/actions/create_topic -d "{\"topic\":\"$1\",\"partitions\":3}" >/dev/null
}
plugboard_publish() {
  python3 scripts/bench_publish.py plugboard "http://127.0.0.1:$PLUGBOARD_PORT" "$TOKEN" bench bus "$1" "$MESSAGES" "$BATCH" "$CONCURRENCY"
}
kafka_python_publish() {
  python3 scripts/bench_publish.py kafka-python "$PLUGBOARD_TEST_KAFKA_BOOTSTRAP" "$1" "$MESSAGES"
}
# stored TOPIC: how many records the topic holds, as kafka-python reads them back (Tansu's end offsets run one batch
# short, so they are counted, not subtracted).
stored() {
  python3 - "$PLUGBOARD_TEST_KAFKA_BOOTSTRAP" "$1" <<'PY'
import sys
from kafka import KafkaConsumer
consumer = KafkaConsumer(sys.argv[2], bootstrap_servers=sys.argv[1], auto_offset_reset="earliest", consumer_timeout_ms=3000)
print(sum(1 for _ in consumer))
consumer.close()
PY
}

# A warm-up round, not counted: the release build's first calls, kafka-python's first connection.
topic warm-plugboard
topic warm-python
plugboard_publish warm-plugboard >/dev/null
kafka_python_publish warm-python >/dev/null

RESULTS="$WORK/rounds.tsv"
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  declare -A took=()
  if [ $((round % 2)) -eq 1 ]; then names=(kafka_python plugboard); else names=(plugboard kafka_python); fi
  for name in "${names[@]}"; do
    topic "bench-$round-$name"
    took[$name]="$("${name}_publish" "bench-$round-$name" | python3 -c 'import json, sys; print(json.load(sys.stdin)["seconds"])')"
    count="$(stored "bench-$round-$name")"
    if [ "$count" != "$MESSAGES" ]; then echo "error: bench-$round-$name holds $count records, not $MESSAGES" >&2; exit 1; fi
  done
  printf '%s\t%s\t%s\n' "$round" "${took[kafka_python]}" "${took[plugboard]}" >>"$RESULTS"
  echo "round $round (seconds for $MESSAGES messages): kafka-python ${took[kafka_python]}  plugboard ${took[plugboard]}" >&2
done

mkdir -p bench-results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
python3 - "$RESULTS" "bench-results/$NODE-publish-$STAMP" "$NODE" "$MESSAGES" "$BATCH" "$CONCURRENCY" <<'PY'
import json, statistics, sys
path, out, node, messages, batch, concurrency = sys.argv[1], sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7])
rows = [list(map(float, line.split("\t")[1:])) for line in open(path)]
rate = lambda column: messages / statistics.median(row[column] for row in rows)
summary = {"node": node, "messages": messages, "batch": batch, "concurrency": concurrency, "rounds": len(rows),
           "messagesPerSecond": {"kafka-python": rate(0), "plugboard": rate(1)}}
summary["ratio"] = summary["messagesPerSecond"]["plugboard"] / summary["messagesPerSecond"]["kafka-python"]
lines = [
    f"{node} publish, acks=all, {messages} messages of 200 bytes, median of {len(rows)} rounds (messages/s):",
    f"  kafka-python {summary['messagesPerSecond']['kafka-python']:10.0f}",
    f"  plugboard    {summary['messagesPerSecond']['plugboard']:10.0f}   ({batch} a request, {concurrency} requests in flight)",
    f"  plugboard/kafka-python {summary['ratio']:.2f}x",
    "Plugboard's figure includes the records' JSON through the HTTP API, as callers send them.",
]
open(out + ".json", "w").write(json.dumps(summary, indent=2) + "\n")
open(out + ".txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
