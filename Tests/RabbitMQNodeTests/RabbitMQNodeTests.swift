import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

extension RabbitMQBrokerTests {
    /// The `rabbitmq` node through Plugboard's API against RabbitMQ 3.10, with pika reading and writing beside it.
    @Suite struct RabbitMQNodeTests {
        typealias Broker = AMQPClientTests.Broker

        static func connector(_ api: APIClient, _ broker: Broker, name: String = "rabbit", password: String? = nil, options: JSONObject = [:]) async throws {
            let credential = try await api.makeCredential(
                "queues", name: "login-\(name)", kind: "username_password",
                fields: ["username": .string(broker.user), "password": .string(password ?? broker.password)])
            var settings: JSONObject = ["host": "127.0.0.1", "port": .integer(Int64(broker.port))]
            for (key, value) in options { settings[key] = value }
            let made = try await api.makeConnector("queues", type: "rabbitmq", name: name, options: settings, credential: credential)
            #expect(made.status == .created, "\(made.text)")
        }

        @Test func publishRouteGetAndAdminister() async throws {
            let broker = try Broker.fromEnvironment()
            let exchange = AMQPClientTests.queueName() + "-x"
            let queue = AMQPClientTests.queueName()
            try await APIFixture().run { api in
                try await api.makeApplication("queues")
                try await Self.connector(api, broker, options: ["allowAdmin": true])
                try await Self.connector(api, broker, name: "reader")
                let test = try await api.call(.post, "/api/v1/applications/queues/connectors/rabbit/test")
                #expect(test.json["ok"] == true && test.json["details"]?["heartbeatSeconds"] == 30, "\(test.text)")

                #expect(try await api.run("queues", "rabbit", "declare_exchange", ["exchange": .string(exchange), "type": "topic"]).status == .ok)
                let declared = try await api.run("queues", "rabbit", "declare_queue", ["queue": .string(queue)])
                #expect(declared.output["queue"] == .string(queue) && declared.output["messages"] == 0, "\(declared.text)")
                #expect(try await api.run("queues", "rabbit", "bind_queue", ["queue": .string(queue), "exchange": .string(exchange), "routingKey": "orders.*.eu"]).status == .ok)

                let published = try await api.run("queues", "rabbit", "publish", [
                    "exchange": .string(exchange), "routingKey": "orders.new.eu", "mandatory": true,
                    "messages": [
                        ["body": ["id": 42, "total": 9.5], "headers": ["source": "plugboard", "attempt": 1], "messageId": "m-1"],
                        ["body": "plain text", "correlationId": "c-2"],
                        ["body": "nobody wants this", "routingKey": "orders.new.us"],
                    ],
                ])
                #expect(published.output["confirmed"] == 2 && published.output["unroutable"] == 1, "\(published.text)")
                #expect(published.output["messages"]?.arrayValue?[2]["status"] == "unroutable" && published.text.contains("NO_ROUTE"))

                // pika takes the first, as Plugboard published it.
                let read = try JSONParser.parse(Array(try await broker.pika(["get", queue]).utf8))
                #expect(read["body"] == #"{"id":42,"total":9.5}"# && read["properties"]?["content_type"] == "application/json", "\(read)")
                #expect(read["properties"]?["headers"]?["source"] == "plugboard" && read["properties"]?["headers"]?["attempt"] == 1)
                #expect(read["properties"]?["message_id"] == "m-1" && read["properties"]?["delivery_mode"] == 2 && read["routing_key"] == "orders.new.eu")

                // Looking puts it back, marked redelivered; taking removes it.
                let peek = try await api.run("queues", "rabbit", "get", ["queue": .string(queue), "ackMode": "requeue"])
                #expect(peek.output["messages"]?.arrayValue?.first?["body"] == "plain text" && peek.output["remaining"] == 1, "\(peek.text)")
                let take = try await api.run("queues", "reader", "get", ["queue": .string(queue), "maxMessages": 5])
                let taken = take.output["messages"]?.arrayValue?.first
                #expect(take.output["messages"]?.arrayValue?.count == 1 && taken?["redelivered"] == true, "\(take.text)")
                #expect(taken?["properties"]?["correlationId"] == "c-2" && taken?["properties"]?["persistent"] == true && taken?["routingKey"] == "orders.new.eu")
                #expect(try await broker.pika(["count", queue]) == "0")

                // pika's message, bytes that are not UTF-8 as base64.
                #expect(try await broker.pika(["publish", exchange, "orders.old.eu", "from pika", #"{"headers": {"n": 7}, "app_id": "pika"}"#]) == "ok")
                let fromPika = try await api.run("queues", "reader", "get", ["queue": .string(queue), "encoding": "base64"])
                #expect(fromPika.output["messages"]?.arrayValue?.first?["body"] == .string(Data("from pika".utf8).base64EncodedString()), "\(fromPika.text)")
                #expect(fromPika.output["messages"]?.arrayValue?.first?["headers"]?["n"] == 7 && fromPika.output["messages"]?.arrayValue?.first?["properties"]?["appId"] == "pika")

                // Admin actions need the flag; a queue declared again with other properties is a conflict.
                _ = try await api.run("queues", "rabbit", "publish", ["exchange": "", "routingKey": .string(queue), "messages": [["body": "a"], ["body": "b"]]])
                let refused = try await api.run("queues", "reader", "purge_queue", ["queue": .string(queue)])
                #expect(refused.errorCode == "permission_denied" && refused.text.contains("allowAdmin"), "\(refused.text)")
                let purged = try await api.run("queues", "rabbit", "purge_queue", ["queue": .string(queue)])
                #expect(purged.output["messages"] == 2, "\(purged.text)")
                let conflict = try await api.run("queues", "rabbit", "declare_queue", ["queue": .string(queue), "durable": false])
                #expect(conflict.errorCode == "conflict" && conflict.text.contains("PRECONDITION_FAILED"), "\(conflict.text)")
                let missing = try await api.run("queues", "rabbit", "get", ["queue": .string("no-such-queue-\(queue)")])
                #expect(missing.errorCode == "not_found" && missing.text.contains("no-such-queue"), "\(missing.text)")
                #expect(try await api.run("queues", "rabbit", "get", ["queue": .string(queue)]).output["messages"] == [], "the session works after a refused call")
                #expect(try await api.run("queues", "rabbit", "unbind_queue", ["queue": .string(queue), "exchange": .string(exchange), "routingKey": "orders.*.eu"]).status == .ok)
                #expect(try await api.run("queues", "rabbit", "delete_queue", ["queue": .string(queue)]).output["messages"] == 0)
                #expect(try await api.run("queues", "rabbit", "delete_exchange", ["exchange": .string(exchange)]).status == .ok)
                #expect(try await api.run("queues", "rabbit", "get", ["queue": .string(queue)]).errorCode == "not_found")
            }
        }

        @Test func loginsAndTLS() async throws {
            let broker = try Broker.fromEnvironment()
            let certificate = try String(contentsOfFile: broker.caFile, encoding: .utf8)
            try await APIFixture().run { api in
                try await api.makeApplication("queues")
                try await Self.connector(api, broker, name: "wrong", password: "not-the-password-4")
                let refused = try await api.call(.post, "/api/v1/applications/queues/connectors/wrong/test")
                #expect(refused.json["error"]?["code"] == "authentication_failed" && !refused.text.contains("not-the-password-4"), "\(refused.text)")
                try await Self.connector(api, broker, name: "novhost", options: ["virtualHost": "nowhere"])
                let vhost = try await api.call(.post, "/api/v1/applications/queues/connectors/novhost/test")
                #expect(vhost.json["error"]?["code"] == "permission_denied", "\(vhost.text)")

                let tls: JSONObject = ["port": .integer(Int64(broker.tlsPort)), "tls": true, "caCertificate": .string(certificate)]
                try await Self.connector(api, broker, name: "secure", options: tls)
                let secure = try await api.call(.post, "/api/v1/applications/queues/connectors/secure/test")
                #expect(secure.json["ok"] == true, "\(secure.text)")
                try await Self.connector(api, broker, name: "byurl", options: ["url": .string("amqps://127.0.0.1:\(broker.tlsPort)/%2F"), "caCertificate": .string(certificate)])
                let byURL = try await api.call(.post, "/api/v1/applications/queues/connectors/byurl/test")
                #expect(byURL.json["ok"] == true && byURL.json["details"]?["virtualHost"] == "/", "\(byURL.text)")
                try await Self.connector(api, broker, name: "untrusted", options: ["port": .integer(Int64(broker.tlsPort)), "tls": true])
                let untrusted = try await api.call(.post, "/api/v1/applications/queues/connectors/untrusted/test")
                #expect(untrusted.json["error"]?["code"] == "tls_certificate", "\(untrusted.text)")
            }
        }

        /// The trigger acknowledges each message once stored, shows a redelivery, and after `rabbitmqctl stop_app`
        /// and `start_app` goes on consuming without losing or repeating an acknowledged message.
        @Test func theTriggerConsumesAndSurvivesABrokerRestart() async throws {
            let broker = try Broker.fromEnvironment()
            let queue = AMQPClientTests.queueName()
            try await APIFixture().run(runners: true) { api in
                try await api.makeApplication("queues")
                try await Self.connector(api, broker)
                #expect(try await api.run("queues", "rabbit", "declare_queue", ["queue": .string(queue)]).status == .ok)
                // pika takes m-0 without acknowledging it and goes: the broker puts it back, redelivered.
                #expect(try await broker.pika(["publish", "", queue, #"{"n": 0}"#, #"{"message_id": "m-0", "delivery_mode": 2}"#]) == "ok")
                #expect(try await broker.pika(["bounce", queue]) == #"{"n": 0}"#)
                try await api.expectOK(.post, "/api/v1/applications/queues/workflows", [
                    "name": "note", "steps": [["name": "check", "connector": "rabbit", "action": "declare_queue", "input": ["queue": .string(queue)]]],
                ])
                let created = try await api.call(.post, "/api/v1/applications/queues/triggers", [
                    "name": "inbox", "source": "messages", "connector": "rabbit", "options": ["queue": .string(queue), "prefetch": 5, "parseJSON": true],
                    "target": ["workflow": "note"],
                ])
                #expect(created.status == .created, "\(created.text)")
                func state() async throws -> String? { try await api.call(.get, "/api/v1/applications/queues/triggers/inbox").json["state"]?.stringValue }
                #expect(try await eventually(timeout: .seconds(60)) { try await state() == "subscribed" })
                for n in 1...3 {
                    #expect(try await broker.pika(["publish", "", queue, #"{"n": \#(n)}"#, #"{"message_id": "m-\#(n)", "delivery_mode": 2}"#]) == "ok")
                }
                func events() async throws -> [JSONValue] {
                    try await api.call(.get, "/api/v1/applications/queues/triggers/inbox/events?limit=100").json["items"]?.arrayValue?.compactMap { $0["payload"] } ?? []
                }
                #expect(try await eventually(timeout: .seconds(60)) { try await events().count == 4 })
                let first = try await events()
                #expect(Set(first.compactMap { $0["body"]?["n"]?.integerValue }) == [0, 1, 2, 3], "\(first)")
                #expect(first.first { $0["body"]?["n"] == 0 }?["redelivered"] == true && first.first { $0["body"]?["n"] == 1 }?["redelivered"] == false)
                #expect(try await eventually { try await broker.pika(["count", queue]) == "0" }, "acknowledged once stored")

                _ = try await Subprocess.capture(broker.ctl, ["stop_app"])
                #expect(try await eventually(timeout: .seconds(60)) { try await state() == "failed" }, "the source notices the broker went")
                let started = try await Subprocess.capture(broker.ctl, ["start_app"])
                #expect(started.status == 0, "\(started.errorText)")
                #expect(try await broker.pika(["publish", "", queue, #"{"n": 4}"#, #"{"message_id": "m-4", "delivery_mode": 2}"#]) == "ok")
                #expect(try await eventually(timeout: .seconds(90)) { try await events().count == 5 }, "consuming again after start_app")
                let after = try await events()
                #expect(after.compactMap { $0["body"]?["n"]?.integerValue }.sorted() == [0, 1, 2, 3, 4], "nothing lost, nothing twice: \(after)")
                #expect(try await eventually(timeout: .seconds(60)) { try await state() == "subscribed" })
            }
        }
    }
}
