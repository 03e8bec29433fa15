import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

@testable import ConnectorsQueues

/// The `kafka` node through Plugboard's API against Tansu, with kafka-python reading what it published.
@Suite struct KafkaNodeTests {
    static func topic() -> String { "plugboard-\(UUID().uuidString.prefix(8).lowercased())" }

    static func connector(_ api: APIClient, name: String = "bus", options: JSONObject = [:]) async throws {
        let (host, port) = try KafkaClientTests.bootstrap()
        var settings: JSONObject = ["bootstrapServers": .string("\(host):\(port)")]
        for (key, value) in options { settings[key] = value }
        let made = try await api.makeConnector("queues", type: "kafka", name: name, options: settings)
        #expect(made.status == .created, "\(made.text)")
    }

    @Test func publishListReadAndCreateTopics() async throws {
        let topic = Self.topic()
        try await APIFixture().run { api in
            try await api.makeApplication("queues")
            try await Self.connector(api, options: ["allowAdmin": true])
            try await Self.connector(api, name: "reader")
            let test = try await api.call(.post, "/api/v1/applications/queues/connectors/bus/test")
            #expect(test.json["ok"] == true && test.json["details"]?["brokers"]?.arrayValue?.count == 1, "\(test.text)")

            let refused = try await api.run("queues", "reader", "create_topic", ["topic": .string(topic), "partitions": 3])
            #expect(refused.errorCode == "permission_denied" && refused.text.contains("allowAdmin"), "\(refused.text)")
            let created = try await api.run("queues", "bus", "create_topic", ["topic": .string(topic), "partitions": 3])
            #expect(created.status == .ok, "\(created.text)")
            let again = try await api.run("queues", "bus", "create_topic", ["topic": .string(topic), "partitions": 3])
            #expect(again.errorCode == "already_exists", "\(again.text)")
            let listed = try await api.run("queues", "reader", "list_topics")
            let entry = listed.output["topics"]?.arrayValue?.first { $0["name"]?.stringValue == topic }
            #expect(entry?["partitions"] == 3, "\(listed.text.prefix(500))")

            let records: JSONValue = [
                ["key": "order-1", "value": ["total": 42, "items": ["a", "b"]], "headers": ["source": "plugboard"]],
                ["key": "order-2", "value": "plain text"],
                ["key": "order-1", "base64": .string(Data([0, 1, 2, 255]).base64EncodedString())],
                ["value": "to partition 2", "partition": 2],
            ]
            let published = try await api.run("queues", "bus", "publish", ["topic": .string(topic), "records": records])
            let deliveries = try #require(published.output["records"]?.arrayValue, "\(published.text)")
            let order1 = Murmur2.partition(for: Array("order-1".utf8), count: 3).map { JSONValue.integer(Int64($0)) }
            let order2 = Murmur2.partition(for: Array("order-2".utf8), count: 3).map { JSONValue.integer(Int64($0)) }
            #expect(deliveries.map { $0["partition"] } == [order1, order2, order1, 2], "\(published.text)")
            #expect(deliveries[2]["offset"]?.integerValue == (deliveries[0]["offset"]?.integerValue).map { $0 + 1 }, "same key, same partition, next offset")

            // kafka-python reads the same records.
            let read = try await KafkaClientTests.kafkaPython("read", topic, ["4"]).map { line in
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            }
            let values = Set(read.compactMap { ($0["value"] as? String).flatMap { Data(base64Encoded: $0) } })
            #expect(values == [
                Data(#"{"total":42,"items":["a","b"]}"#.utf8), Data("plain text".utf8), Data([0, 1, 2, 255]), Data("to partition 2".utf8),
            ], "\(read)")
            let withHeader = read.first { ($0["headers"] as? [[Any]])?.first?.first as? String == "source" }
            #expect((withHeader?["headers"] as? [[Any]])?.first?[1] as? String == Data("plugboard".utf8).base64EncodedString())

            // Reading back through Plugboard: from an offset, from a time, and only newer records.
            let partition = try #require(order1?.integerValue)
            let fromStart = try await api.run("queues", "reader", "read", ["topic": .string(topic), "partition": .integer(partition)])
            let rows = try #require(fromStart.output["records"]?.arrayValue, "\(fromStart.text)")
            #expect(rows.count == 2 && rows[0]["key"] == "order-1" && rows[0]["headers"]?["source"] == "plugboard", "\(fromStart.text)")
            #expect(fromStart.output["highWatermark"]?.integerValue == 2)
            let binary = try await api.run("queues", "reader", "read", ["topic": .string(topic), "partition": .integer(partition), "offset": 1])
            #expect(binary.output["records"]?.arrayValue?.first?["encoding"] == "base64", "\(binary.text)")
            #expect(binary.output["records"]?.arrayValue?.first?["value"] == .string(Data([0, 1, 2, 255]).base64EncodedString()))
            let since = try await api.run("queues", "reader", "read", ["topic": .string(topic), "partition": .integer(partition), "timestamp": "2020-01-01T00:00:00Z"])
            #expect(since.output["records"]?.arrayValue?.count == 2, "\(since.text)")
            let newer = try await api.run("queues", "reader", "read", ["topic": .string(topic), "partition": .integer(partition), "fromEnd": true])
            #expect(newer.output["records"]?.arrayValue?.isEmpty == true && newer.output["highWatermark"] == 2, "\(newer.text)")

            let nowhere = try await api.run("queues", "bus", "publish", ["topic": .string(topic), "records": [["value": "x", "partition": 7]]])
            #expect(nowhere.errorCode == "invalid_input", "\(nowhere.text)")
            let both = try await api.run("queues", "reader", "read", ["topic": .string(topic), "offset": 0, "fromEnd": true])
            #expect(both.errorCode == "invalid_input", "\(both.text)")
        }
    }

    @Test func gzipBatchesBothWays() async throws {
        let topic = Self.topic()
        try await APIFixture().run { api in
            try await api.makeApplication("queues")
            try await Self.connector(api, options: ["allowAdmin": true, "compression": "gzip"])
            try await api.expectOK(.post, "/api/v1/applications/queues/connectors/bus/actions/create_topic", ["topic": .string(topic), "partitions": 1])
            // kafka-python's gzip batches, read by Plugboard.
            #expect(try await KafkaClientTests.kafkaPython("gzip", topic, ["5"]) == ["0", "1", "2", "3", "4"])
            let read = try await api.run("queues", "bus", "read", ["topic": .string(topic)])
            #expect(read.output["records"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == ["v0", "v1", "v2", "v3", "v4"], "\(read.text)")
            // Plugboard's gzip batch, read by kafka-python.
            let published = try await api.run("queues", "bus", "publish", ["topic": .string(topic), "records": [["key": "z", "value": "zipped"], ["value": "again"]]])
            #expect(published.output["records"]?.arrayValue?.compactMap { $0["offset"]?.integerValue } == [5, 6], "\(published.text)")
            let values = try await KafkaClientTests.kafkaPython("read", topic, ["7"]).compactMap { line in
                ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["value"] as? String
            }
            #expect(values.suffix(2) == [Data("zipped".utf8).base64EncodedString(), Data("again".utf8).base64EncodedString()], "\(values)")
        }
    }

    @Test func tlsThroughStunnel() async throws {
        let environment = ProcessInfo.processInfo.environment
        let bootstrap = try #require(environment["PLUGBOARD_TEST_KAFKA_TLS_BOOTSTRAP"], "run the tests with scripts/test.sh, which starts stunnel")
        let certificate = try String(contentsOfFile: try #require(environment["PLUGBOARD_TEST_KAFKA_CA"]), encoding: .utf8)
        let topic = Self.topic()
        try await APIFixture().run { api in
            try await api.makeApplication("queues")
            let options: JSONObject = ["bootstrapServers": .string(bootstrap), "tls": true, "caCertificate": .string(certificate), "allowAdmin": true]
            #expect(try await api.makeConnector("queues", type: "kafka", name: "secure", options: options).status == .created)
            try await api.expectOK(.post, "/api/v1/applications/queues/connectors/secure/actions/create_topic", ["topic": .string(topic)])
            let published = try await api.run("queues", "secure", "publish", ["topic": .string(topic), "records": [["key": "k", "value": "over TLS"]]])
            #expect(published.output["records"]?.arrayValue?.first?["offset"] == 0, "\(published.text)")
            let read = try await api.run("queues", "secure", "read", ["topic": .string(topic)])
            #expect(read.output["records"]?.arrayValue?.first?["value"] == "over TLS", "\(read.text)")

            var untrusted = options
            untrusted["caCertificate"] = ""
            #expect(try await api.makeConnector("queues", type: "kafka", name: "untrusted", options: untrusted).status == .created)
            let refused = try await api.call(.post, "/api/v1/applications/queues/connectors/untrusted/test")
            #expect(refused.json["error"]?["code"] == "tls_certificate", "\(refused.text)")
        }
    }

    /// The SASL broker has no users: a SCRAM login runs its whole exchange and is refused as authentication_failed,
    /// the password never echoed; a mechanism it does not enable, and PLAIN without TLS, are refused saying why.
    @Test func saslLoginsAreRefusedClearly() async throws {
        let bootstrap = try #require(ProcessInfo.processInfo.environment["PLUGBOARD_TEST_KAFKA_SASL_BOOTSTRAP"], "run the tests with scripts/test.sh")
        try await APIFixture().run { api in
            try await api.makeApplication("queues")
            let credential = try await api.makeCredential(
                "queues", name: "login", kind: "username_password", fields: ["username": "plugboard", "password": "not-the-password-7"])
            let made = try await api.makeConnector(
                "queues", type: "kafka", name: "scram", options: ["bootstrapServers": .string(bootstrap), "sasl": "scram-sha-256"], credential: credential)
            #expect(made.status == .created, "\(made.text)")
            let refused = try await api.call(.post, "/api/v1/applications/queues/connectors/scram/test")
            #expect(refused.json["error"]?["code"] == "authentication_failed" && refused.text.contains("SCRAM"), "\(refused.text)")
            #expect(!refused.text.contains("not-the-password-7"))

            let plain = try await api.makeConnector(
                "queues", type: "kafka", name: "plain", options: ["bootstrapServers": .string(bootstrap), "sasl": "plain"], credential: credential)
            #expect(plain.status.code == 400 || plain.status.code == 422, "PLAIN without TLS is refused when saved: \(plain.text)")
            let missing = try await api.makeConnector("queues", type: "kafka", name: "nocredential", options: ["bootstrapServers": .string(bootstrap), "sasl": "scram-sha-512"])
            #expect(missing.status == .created)
            let noCredential = try await api.call(.post, "/api/v1/applications/queues/connectors/nocredential/test")
            #expect(noCredential.json["error"]?["code"] == "invalid_configuration", "\(noCredential.text)")
        }
    }

    /// Behind the SASL gate that checks one user's password (scripts/services/kafka_sasl_gate.py, which kafka-python's
    /// own SCRAM logs in to as well): SCRAM-SHA-256 and SCRAM-SHA-512 log in, publish and read; a wrong password is
    /// authentication_failed without the password in the answer.
    @Test func scramLoginsSucceedWhereThePasswordIsChecked() async throws {
        let environment = ProcessInfo.processInfo.environment
        let bootstrap = try #require(environment["PLUGBOARD_TEST_KAFKA_LOGIN_BOOTSTRAP"], "run the tests with scripts/test.sh")
        let user = try #require(environment["PLUGBOARD_TEST_KAFKA_LOGIN_USER"])
        let password = try #require(environment["PLUGBOARD_TEST_KAFKA_LOGIN_PASSWORD"])
        try await APIFixture().run { api in
            try await api.makeApplication("queues")
            let good = try await api.makeCredential("queues", name: "login", kind: "username_password", fields: ["username": .string(user), "password": .string(password)])
            let bad = try await api.makeCredential("queues", name: "wrong", kind: "username_password", fields: ["username": .string(user), "password": "wrong-password-5"])
            for mechanism in ["scram-sha-256", "scram-sha-512"] {
                let name = mechanism.replacingOccurrences(of: "-", with: "")
                let topic = Self.topic()
                let options: JSONObject = ["bootstrapServers": .string(bootstrap), "sasl": .string(mechanism)]
                #expect(try await api.makeConnector("queues", type: "kafka", name: name, options: options, credential: good).status == .created)
                let published = try await api.run("queues", name, "publish", ["topic": .string(topic), "records": [["value": .string(mechanism), "partition": 0]]])
                #expect(published.status == .ok, "\(mechanism): \(published.text)")
                let read = try await api.run("queues", name, "read", ["topic": .string(topic), "partition": 0, "offset": 0])
                #expect(read.output["records"]?.arrayValue?.contains { $0["value"] == .string(mechanism) } == true, "\(read.text)")
                #expect(!published.text.contains(password) && !read.text.contains(password))

                #expect(try await api.makeConnector("queues", type: "kafka", name: name + "wrong", options: options, credential: bad).status == .created)
                let refused = try await api.call(.post, "/api/v1/applications/queues/connectors/\(name)wrong/test")
                #expect(refused.json["error"]?["code"] == "authentication_failed", "\(refused.text)")
                #expect(!refused.text.contains("wrong-password-5"))
            }
        }
    }

    @Test func unreachableAndRefusedBrokersAreClear() async throws {
        try await APIFixture().run { api in
            try await api.makeApplication("queues")
            let made = try await api.makeConnector("queues", type: "kafka", name: "closed", options: ["bootstrapServers": .string("127.0.0.1:\(ClosedPort.find())")])
            #expect(made.status == .created, "\(made.text)")
            let test = try await api.call(.post, "/api/v1/applications/queues/connectors/closed/test")
            #expect(test.json["error"]?["code"] == "connection_refused", "\(test.text)")
            let bad = try await api.makeConnector("queues", type: "kafka", name: "bad", options: ["bootstrapServers": "kafka:notaport"])
            #expect(bad.status == .badRequest || bad.status == .unprocessableContent, "\(bad.text)")
        }
        try await APIFixture(allowLoopback: false).run { api in
            try await api.makeApplication("queues")
            try await Self.connector(api)
            let denied = try await api.call(.post, "/api/v1/applications/queues/connectors/bus/test")
            #expect(denied.json["error"]?["code"] == "egress_denied", "\(denied.text)")
        }
    }
}
