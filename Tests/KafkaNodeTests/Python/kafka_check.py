"""Checks a Kafka broker independently of Plugboard, with kafka-python.

    kafka_check.py BOOTSTRAP read TOPIC COUNT     the topic's first COUNT records, one JSON object a line:
                                                  partition, offset, key, value (base64, null for none), headers
    kafka_check.py BOOTSTRAP place TOPIC KEY...   produces one record a key with kafka-python's default
                                                  partitioner and prints the partition each landed on
    kafka_check.py BOOTSTRAP committed TOPIC GROUP PARTITION   the offset GROUP committed for the partition
    kafka_check.py BOOTSTRAP gzip TOPIC N         produces N records (key k<i>, value v<i>) to partition 0 in
                                                  gzip batches and prints each one's offset
    kafka_check.py BOOTSTRAP produce TOPIC PREFIX N PARTITIONS
                                                  produces N records (value PREFIX-<i>, header n=<i>) to partition
                                                  i % PARTITIONS, acks all, and prints "done"
    kafka_check.py BOOTSTRAP member TOPIC GROUP STOPFILE
                                                  joins GROUP as a consumer (range assignor) and prints a JSON line
                                                  per assignment ({"assigned": [partitions]}) and per record
                                                  ({"partition", "offset", "value"}), committing after each poll;
                                                  leaves the group once STOPFILE exists
"""
import base64
import json
import sys

from kafka import KafkaConsumer, KafkaProducer, TopicPartition


def b64(data):
    return None if data is None else base64.b64encode(data).decode()


def member(bootstrap, topic, group, stop_file):
    import os

    from kafka import ConsumerRebalanceListener

    class Listener(ConsumerRebalanceListener):
        def on_partitions_revoked(self, revoked):
            pass

        def on_partitions_assigned(self, assigned):
            print(json.dumps({"assigned": sorted(tp.partition for tp in assigned)}), flush=True)

    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False, auto_offset_reset="earliest",
        session_timeout_ms=30000, heartbeat_interval_ms=1000)
    consumer.subscribe([topic], listener=Listener())
    while not os.path.exists(stop_file):
        polled = consumer.poll(timeout_ms=500)
        for records in polled.values():
            for message in records:
                print(json.dumps({"partition": message.partition, "offset": message.offset, "value": message.value.decode()}), flush=True)
        if polled:
            consumer.commit()
    consumer.close()
    print(json.dumps({"left": True}), flush=True)


def main():
    bootstrap, command, topic = sys.argv[1], sys.argv[2], sys.argv[3]
    if command == "read":
        count = int(sys.argv[4])
        consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", consumer_timeout_ms=20000)
        seen = 0
        for message in consumer:
            print(json.dumps({
                "partition": message.partition, "offset": message.offset, "key": b64(message.key), "value": b64(message.value),
                "headers": [[name, b64(value)] for name, value in message.headers],
            }), flush=True)
            seen += 1
            if seen == count:
                break
        consumer.close()
    elif command == "committed":
        consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=sys.argv[4], enable_auto_commit=False)
        print(consumer.committed(TopicPartition(topic, int(sys.argv[5]))), flush=True)
        consumer.close()
    elif command == "gzip":
        producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", compression_type="gzip", linger_ms=50)
        futures = [producer.send(topic, key=f"k{i}".encode(), value=f"v{i}".encode(), partition=0) for i in range(int(sys.argv[4]))]
        for future in futures:
            print(future.get(timeout=20).offset, flush=True)
        producer.close()
    elif command == "produce":
        prefix, count, partitions = sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
        producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
        futures = [
            producer.send(topic, value=f"{prefix}-{i}".encode(), headers=[("n", str(i).encode())], partition=i % partitions)
            for i in range(count)
        ]
        for future in futures:
            future.get(timeout=20)
        producer.close()
        print("done", flush=True)
    elif command == "member":
        member(bootstrap, topic, sys.argv[4], sys.argv[5])
    elif command == "place":
        producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
        for key in sys.argv[4:]:
            print(producer.send(topic, key=key.encode(), value=b"placed").get(timeout=20).partition, flush=True)
        producer.close()


if __name__ == "__main__":
    main()
