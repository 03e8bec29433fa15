"""Publishes the same messages one way and prints how many a second went, for scripts/bench-queues.sh.

    bench_publish.py plugboard URL TOKEN APPLICATION CONNECTOR TOPIC COUNT BATCH CONCURRENCY
        through Plugboard's HTTP API: the kafka node's publish action, BATCH records a request, CONCURRENCY requests
        in flight on kept-alive connections; every answer must give each record its partition and offset
    bench_publish.py kafka-python BOOTSTRAP TOPIC COUNT
        kafka-python's producer with acks=all; every send must be acknowledged

Each message has the key k<i> and a 200-byte text value; the line printed is JSON: {"messages", "seconds"}.
"""
import concurrent.futures
import http.client
import json
import sys
import threading
import time
import urllib.parse

VALUE = ("plugboard-bench-" * 13)[:200]


def plugboard(url, token, application, connector, topic, count, batch, concurrency):
    parsed = urllib.parse.urlparse(url)
    path = f"/api/v1/applications/{application}/connectors/{connector}/actions/publish"
    local = threading.local()
    bodies = []
    for start in range(0, count, batch):
        records = [{"key": f"k{i}", "value": VALUE} for i in range(start, min(start + batch, count))]
        bodies.append((len(records), json.dumps({"topic": topic, "records": records}).encode()))

    def send(item):
        size, body = item
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(parsed.hostname, parsed.port)
        local.connection.request("POST", path, body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        answer = local.connection.getresponse()
        data = answer.read()
        if answer.status != 200:
            raise SystemExit(f"publish failed ({answer.status}): {data[:300]}")
        records = json.loads(data)["output"]["records"]
        if len(records) != size or any("offset" not in record for record in records):
            raise SystemExit(f"publish answered {len(records)} of {size} records")

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(send, bodies))
    return time.perf_counter() - started


def kafka_python(bootstrap, topic, count):
    from kafka import KafkaProducer

    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    value = VALUE.encode()
    failures = []
    started = time.perf_counter()
    for i in range(count):
        producer.send(topic, key=f"k{i}".encode(), value=value).add_errback(failures.append)
    producer.flush()
    seconds = time.perf_counter() - started
    producer.close()
    if failures:
        raise SystemExit(f"kafka-python: {len(failures)} sends failed: {failures[0]}")
    return seconds


def main():
    client = sys.argv[1]
    if client == "plugboard":
        url, token, application, connector, topic = sys.argv[2:7]
        count, batch, concurrency = map(int, sys.argv[7:10])
        seconds = plugboard(url, token, application, connector, topic, count, batch, concurrency)
    elif client == "kafka-python":
        count = int(sys.argv[4])
        seconds = kafka_python(sys.argv[2], sys.argv[3], count)
    else:
        raise SystemExit(__doc__)
    print(json.dumps({"messages": count, "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    main()
