import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import PlugboardAPITestSupport
import Testing

@Suite struct ActionsAPITests {
    @Test func anActionRunsAndIsLoggedWithoutItsInputOrSecrets() async throws {
        let secret = "bearer-secret-ABCDEFG-123"
        let fixture = try await APIFixture()
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await fixture.run { api in
            let app = try await api.makeApplication("crm")
            try await api.call(.post, "/api/v1/applications/\(app)/credentials", ["name": "tok", "kind": "bearer_token", "fields": ["token": .string(secret)]])
            try await api.makeRESTConnector(app, name: "echo", baseURL: upstream.baseURL, credential: "tok")
            let ran = try await api.call(.post, "/api/v1/applications/\(app)/connectors/echo/actions/request", ["method": "POST", "path": "/echo", "body": ["json": ["hello": "world"]]])
            #expect(ran.status == .ok, "\(ran.text)")
            #expect(ran.json["output"]?["status"] == 200)
            #expect(ran.json["executionId"]?.stringValue?.hasPrefix("exe_") == true)
            #expect(upstream.lastRequest?.header("Authorization") == "Bearer \(secret)")
            #expect(!ran.text.contains(secret), "the upstream echoes the header; Plugboard redacts it")

            let log = try await api.call(.get, "/api/v1/applications/\(app)/executions")
            let entry = try #require(log.json["items"]?[0])
            #expect(entry["connectorName"] == "echo" && entry["action"] == "request" && entry["status"] == "succeeded")
            #expect(entry["tokenName"] == "bootstrap-admin")
            #expect((entry["inputBytes"]?.integerValue ?? 0) > 0 && (entry["outputBytes"]?.integerValue ?? 0) > 0)
            #expect(!log.text.contains("hello") && !log.text.contains(secret))

            let metrics = try await api.call(.get, "/metrics", token: nil)
            #expect(metrics.text.contains(#"plugboard_executions_total{type="plugboard.nodes.rest",action="request",status="succeeded"} 1"#), "\(metrics.text)")
        }
        #expect(!fixture.logs.text.contains(secret))
    }

    @Test func badActionCallsGetClearErrors() async throws {
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            try await api.makeRESTConnector(app, name: "api", baseURL: "http://127.0.0.1:9")
            let base = "/api/v1/applications/\(app)/connectors/api/actions"
            let unknown = try await api.call(.post, base + "/explode", [:])
            #expect(unknown.status == .notFound && unknown.json["error"]?["fix"]?.stringValue?.contains("request") == true)
            let invalid = try await api.call(.post, base + "/request", ["method": "FETCH", "path": 3])
            #expect(invalid.status == .badRequest && invalid.errorCode == "invalid_input")
            #expect(invalid.json["error"]?["details"]?["fields"]?.arrayValue?.count == 2)
            let malformed = try await api.call(.post, base + "/request", rawBody: "{\"path\": ")
            #expect(malformed.status == .badRequest && malformed.errorCode == "invalid_input")
            let missing = try await api.call(.post, "/api/v1/applications/\(app)/connectors/nope/actions/request", [:])
            #expect(missing.status == .notFound)
        }
    }

    @Test func networkFailuresAreNamed() async throws {
        let silent = SilentServer()
        try await silent.start()
        defer { Task { await silent.stop() } }
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            try await api.makeRESTConnector(app, name: "closed", baseURL: "http://127.0.0.1:\(ClosedPort.find())", options: ["retries": 0])
            let refused = try await api.call(.post, "/api/v1/applications/\(app)/connectors/closed/test")
            #expect(refused.errorCode == "connection_refused" && refused.status == .badGateway, "\(refused.text)")

            try await api.makeRESTConnector(app, name: "silent", baseURL: silent.baseURL, options: ["timeout": 0.5, "retries": 0])
            let timedOut = try await api.call(.post, "/api/v1/applications/\(app)/connectors/silent/actions/request", ["path": "/"])
            #expect(timedOut.errorCode == "connection_timed_out", "\(timedOut.text)")
            #expect(timedOut.json["error"]?["cause"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func loopbackIsDeniedByTheDefaultEgressPolicy() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture(allowLoopback: false).run { api in
            let app = try await api.makeApplication("crm")
            try await api.makeRESTConnector(app, name: "local", baseURL: upstream.baseURL)
            let denied = try await api.call(.post, "/api/v1/applications/\(app)/connectors/local/actions/request", ["path": "/echo"])
            #expect(denied.errorCode == "egress_denied", "\(denied.text)")
            #expect(upstream.requests.isEmpty, "no packet reached the upstream")
        }
    }

    @Test func aFullPoolAnswersTooManyConnectionsAtTheDeadline() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            try await api.makeRESTConnector(app, name: "slow", baseURL: upstream.baseURL, options: ["maxConcurrency": 1, "retries": 0])
            let path = "/api/v1/applications/\(app)/connectors/slow/actions/request"
            // The holder keeps the one session for 10 s; the waiter's 4 s are spent waiting for it, however busy the
            // machine (with 2 s, a loaded machine spent them before the waiter reached the pool).
            async let holder = api.call(.post, path + "?timeout=10", ["path": "/slow", "query": ["seconds": "15"]])
            // Only once the holder's request reached the upstream is the one session surely taken.
            for _ in 0..<200 where upstream.requests(to: "/slow").isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            #expect(upstream.requests(to: "/slow").count == 1)
            let waiter = try await api.call(.post, path + "?timeout=4", ["path": "/json"])
            #expect(waiter.errorCode == "too_many_connections", "\(waiter.text)")
            let held = try await holder
            // The driver's request deadline and the runtime's execution deadline are the same instant; either may report it.
            #expect(["timed_out", "connection_timed_out"].contains(held.errorCode), "\(held.text)")
        }
    }
}
