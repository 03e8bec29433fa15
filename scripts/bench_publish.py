"""Publishes the same messages one way and prints how many a second went, for scripts/bench-queues.sh.

    bench_publish.py plugboard NODE URL TOKEN APPLICATION CONNECTOR TARGET COUNT BATCH CONCURRENCY
        through Plugboard's HTTP API: the kafka node's publish action to topic TARGET, or the rabbitmq node's to queue
        TARGET (the default exchange), BATCH messages a request, CONCURRENCY requests in flight on kept-alive
        connections; every answer must confirm each message (a partition and offset, or the broker's confirm)
    bench_publish.py kafka-python BOOTSTRAP TOPIC COUNT
        kafka-python's producer with acks=all; every send must be acknowledged
    bench_publish.py pika PORT USER PASSWORD QUEUE COUNT
        pika's BlockingConnection with publisher confirms; every publish must be confirmed

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


def plugboard(node, url, token, application, connector, target, count, batch, concurrency):
    parsed = urllib.parse.urlparse(url)
    path = f"/api/v1/applications/{application}/connectors/{connector}/actions/publish"
    local = threading.local()
    bodies = []
    for start in range(0, count, batch):
        if node == "kafka":
            records = [{"key": f"k{i}", "value": VALUE} for i in range(start, min(start + batch, count))]
            bodies.append((len(records), json.dumps({"topic": target, "records": records}).encode()))
        else:
            messages = [{"body": VALUE} for _ in range(start, min(start + batch, count))]
            bodies.append((len(messages), json.dumps({"exchange": "", "routingKey": target, "messages": messages}).encode()))

    def send(item):
        size, body = item
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(parsed.hostname, parsed.port)
        local.connection.request("POST", path, body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        answer = local.connection.getresponse()
        data = answer.read()
        if answer.status != 200:
            raise SystemExit(f"publish failed ({answer.status}): {data[:300]}")
        output = json.loads(data)["output"]
        done = output["confirmed"] if node == "rabbitmq" else sum(1 for record in output["records"] if "offset" in record)
        if done != size:
            raise SystemExit(f"publish confirmed {done} of {size} messages")

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


def pika_publish(port, user, password, queue, count):
    import pika

    connection = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", port, "/", pika.PlainCredentials(user, password)))
    channel = connection.channel()
    channel.confirm_delivery()
    body = VALUE.encode()
    started = time.perf_counter()
    for _ in range(count):
        channel.basic_publish("", queue, body)
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def main():
    client = sys.argv[1]
    if client == "plugboard":
        node, url, token, application, connector, target = sys.argv[2:8]
        count, batch, concurrency = map(int, sys.argv[8:11])
        seconds = plugboard(node, url, token, application, connector, target, count, batch, concurrency)
    elif client == "kafka-python":
        count = int(sys.argv[4])
        seconds = kafka_python(sys.argv[2], sys.argv[3], count)
    elif client == "pika":
        count = int(sys.argv[6])
        seconds = pika_publish(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], count)
    else:
        raise SystemExit(__doc__)
    print(json.dumps({"messages": count, "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    main()
