"""Checks RabbitMQ independently of Plugboard, with pika.

    rabbit_check.py PORT USER PASSWORD publish EXCHANGE ROUTING_KEY BODY [PROPERTIES_JSON]
                                          publishes one message (confirmed) with properties (content_type, headers,
                                          message_id, delivery_mode, correlation_id…) and prints "ok"
    rabbit_check.py PORT USER PASSWORD get QUEUE
                                          takes one message (acked) and prints it as JSON (body as text, properties,
                                          redelivered), or null when the queue is empty
    rabbit_check.py PORT USER PASSWORD count QUEUE
                                          prints the queue's ready message count
    rabbit_check.py PORT USER PASSWORD bounce QUEUE
                                          takes one message without acknowledging it and closes the connection, so
                                          the broker puts it back marked redelivered; prints its body
"""
import json
import sys

import pika


def main():
    port, user, password, command = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    connection = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", port, "/", pika.PlainCredentials(user, password)))
    channel = connection.channel()
    if command == "publish":
        exchange, key, body = sys.argv[5], sys.argv[6], sys.argv[7]
        properties = json.loads(sys.argv[8]) if len(sys.argv) > 8 else {}
        channel.confirm_delivery()
        channel.basic_publish(exchange, key, body.encode(), pika.BasicProperties(**properties), mandatory=True)
        print("ok")
    elif command == "get":
        method, properties, body = channel.basic_get(sys.argv[5], auto_ack=True)
        if method is None:
            print("null")
        else:
            fields = {name: getattr(properties, name) for name in (
                "content_type", "content_encoding", "headers", "delivery_mode", "priority", "correlation_id", "reply_to",
                "expiration", "message_id", "timestamp", "type", "user_id", "app_id") if getattr(properties, name) is not None}
            print(json.dumps({"body": body.decode(), "properties": fields, "redelivered": method.redelivered,
                              "routing_key": method.routing_key, "exchange": method.exchange}))
    elif command == "bounce":
        method, _, body = channel.basic_get(sys.argv[5], auto_ack=False)
        print(body.decode() if method else "null")
    elif command == "count":
        print(channel.queue_declare(sys.argv[5], passive=True).method.message_count)
    connection.close()


if __name__ == "__main__":
    main()
