#!/usr/bin/env bash
# Benchmark (not a test): publish throughput through a queue node (Plugboard's HTTP API, records in batches, as
# workflows and agents send them), beside the Python client publishing the same messages to the same broker in the
# same run:
#   kafka     Tansu (memory storage), acks=all on both sides; kafka-python beside it
#   rabbitmq  RabbitMQ 3.10, a durable queue, publisher confirms on both sides; pika (BlockingConnection) beside it
# Rounds alternate the clients' order, each round on fresh topics or queues, and the summary quotes medians as a ratio.
#
#   scripts/bench-queues.sh kafka                          3 rounds of 20000 messages, 500 a request, 4 in flight
#   BENCH_ROUNDS=5 BENCH_MESSAGES=50000 BENCH_BATCH=1000 BENCH_CONCURRENCY=8 scripts/bench-queues.sh rabbitmq
#
# Results: bench-results/<node>-publish-<UTC time>.txt and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/bench-lib.sh
source scripts/services/kafka.sh
source scripts/services/rabbitmq.sh

NODE="${1:-}"
case "$NODE" in
  kafka) OTHER=kafka-python ;;
  rabbitmq) OTHER=pika ;;
  *) echo "usage: scripts/bench-queues.sh kafka|rabbitmq" >&2; exit 2 ;;
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

# Per node: the service, the connector `bus`, and for each client NAME a NAME_publish TARGET; `target NAME` makes a
# fresh topic or queue and `stored NAME` counts what it holds, as the other client reads it.
if [ "$NODE" = kafka ]; then
  start_kafka_broker
  start_plugboard
  CONNECTOR="{\"type\":\"plugboard.nodes.kafka\",\"name\":\"bus\",\"options\":{\"bootstrapServers\":\"$PLUGBOARD_TEST_KAFKA_BOOTSTRAP\",\"acks\":\"all\",\"allowAdmin\":true}}"
  target() {
    api POST /api/v1/applications/bench/connectors/bus/actions/create_topic -d "{\"topic\":\"$1\",\"partitions\":3}" >/dev/null
  }
  other_publish() { python3 scripts/bench_publish.py kafka-python "$PLUGBOARD_TEST_KAFKA_BOOTSTRAP" "$1" "$MESSAGES"; }
  # Tansu's end offsets run one batch short, so the records are counted by reading them.
  stored() {
    python3 - "$PLUGBOARD_TEST_KAFKA_BOOTSTRAP" "$1" <<'PY'
import sys
from kafka import KafkaConsumer
consumer = KafkaConsumer(sys.argv[2], bootstrap_servers=sys.argv[1], auto_offset_reset="earliest", consumer_timeout_ms=3000)
print(sum(1 for _ in consumer))
consumer.close()
PY
  }
else
  start_rabbitmq
  start_plugboard
  api POST /api/v1/applications -d '{"name":"bench"}' >/dev/null
  api POST /api/v1/applications/bench/credentials -d "{\"name\":\"login\",\"kind\":\"username_password\",\"fields\":{\"username\":\"$PLUGBOARD_TEST_RABBITMQ_USER\",\"password\":\"$PLUGBOARD_TEST_RABBITMQ_PASSWORD\"}}" >/dev/null
  CONNECTOR="{\"type\":\"plugboard.nodes.rabbitmq\",\"name\":\"bus\",\"credentialId\":\"login\",\"options\":{\"host\":\"127.0.0.1\",\"port\":$PLUGBOARD_TEST_RABBITMQ_PORT,\"allowAdmin\":true}}"
  target() {
    api POST /api/v1/applications/bench/connectors/bus/actions/declare_queue -d "{\"queue\":\"$1\"}" >/dev/null
  }
  other_publish() {
    python3 scripts/bench_publish.py pika "$PLUGBOARD_TEST_RABBITMQ_PORT" "$PLUGBOARD_TEST_RABBITMQ_USER" "$PLUGBOARD_TEST_RABBITMQ_PASSWORD" "$1" "$MESSAGES"
  }
  stored() { "$PLUGBOARD_TEST_RABBITMQ_CTL" list_queues -q name messages | awk -v q="$1" '$1 == q { print $2 }'; }
fi
[ "$NODE" = rabbitmq ] || api POST /api/v1/applications -d '{"name":"bench"}' >/dev/null
api POST /api/v1/applications/bench/connectors -d "$CONNECTOR" >/dev/null
plugboard_publish() {
  python3 scripts/bench_publish.py plugboard "$NODE" "http://127.0.0.1:$PLUGBOARD_PORT" "$TOKEN" bench bus "$1" "$MESSAGES" "$BATCH" "$CONCURRENCY"
}

# A warm-up round, not counted: the release build's first calls, kafka-python's first connection.
target warm-plugboard
target warm-other
plugboard_publish warm-plugboard >/dev/null
other_publish warm-other >/dev/null

RESULTS="$WORK/rounds.tsv"
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  declare -A took=()
  if [ $((round % 2)) -eq 1 ]; then names=(other plugboard); else names=(plugboard other); fi
  for name in "${names[@]}"; do
    target "bench-$round-$name"
    took[$name]="$("${name}_publish" "bench-$round-$name" | python3 -c 'import json, sys; print(json.load(sys.stdin)["seconds"])')"
    count="$(stored "bench-$round-$name")"
    if [ "$count" != "$MESSAGES" ]; then echo "error: bench-$round-$name holds $count records, not $MESSAGES" >&2; exit 1; fi
  done
  printf '%s\t%s\t%s\n' "$round" "${took[other]}" "${took[plugboard]}" >>"$RESULTS"
  echo "round $round (seconds for $MESSAGES messages): $OTHER ${took[other]}  plugboard ${took[plugboard]}" >&2
done

mkdir -p bench-results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
python3 - "$RESULTS" "bench-results/$NODE-publish-$STAMP" "$NODE" "$OTHER" "$MESSAGES" "$BATCH" "$CONCURRENCY" <<'PY'
import json, statistics, sys
path, out, node, other, messages, batch, concurrency = *sys.argv[1:5], *map(int, sys.argv[5:8])
rows = [list(map(float, line.split("\t")[1:])) for line in open(path)]
rate = lambda column: messages / statistics.median(row[column] for row in rows)
summary = {"node": node, "messages": messages, "batch": batch, "concurrency": concurrency, "rounds": len(rows),
           "messagesPerSecond": {other: rate(0), "plugboard": rate(1)}}
summary["ratio"] = summary["messagesPerSecond"]["plugboard"] / summary["messagesPerSecond"][other]
guarantee = "acks=all" if node == "kafka" else "publisher confirms"
lines = [
    f"{node} publish, {guarantee}, {messages} messages of 200 bytes, median of {len(rows)} rounds (messages/s):",
    f"  {other:<12} {summary['messagesPerSecond'][other]:10.0f}",
    f"  {'plugboard':<12} {summary['messagesPerSecond']['plugboard']:10.0f}   ({batch} a request, {concurrency} requests in flight)",
    f"  plugboard/{other} {summary['ratio']:.2f}x",
    "Plugboard's figure includes the records' JSON through the HTTP API, as callers send them.",
]
open(out + ".json", "w").write(json.dumps(summary, indent=2) + "\n")
open(out + ".txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
