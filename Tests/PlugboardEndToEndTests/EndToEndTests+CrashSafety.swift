import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension EndToEndTests {
    /// `kill -9` in the middle of a stream of writes loses nothing that was acknowledged, and a wrong master key
    /// stops the server from starting instead of making a new key over the data.
    @Test("Crash safety: every acknowledged write survives kill -9; a wrong master key refuses to start")
    func crashSafety() async throws {
        try await withUpstreamServer { upstream in
            let server = try ServerProcess(name: "crash")
            do {
                try await server.start()
                let api = server.api()
                let baseKey = try await RESTConnectorType.baseURLOption(api)
                _ = try api.expectSuccess(try await api.post("/api/v1/applications", ["name": "crash"]), "create the application")

                let writes = AcknowledgedWrites()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<4 {
                        group.addTask {
                            await streamWrites(writer: writer, api: api, baseKey: baseKey, upstream: upstream.baseURL, into: writes)
                        }
                    }
                    try await Task.sleep(for: .milliseconds(1500))
                    // Marked once the process is gone: a write sent before then and not answered was cut by the kill.
                    // (Marking first missed the writes sent in the moment between the mark and the kill.)
                    await server.kill9()
                    writes.serverWasKilled()
                    try await group.waitForAll()
                }
                let credentials = writes.credentials
                let connectors = writes.connectors
                print(
                    "crash safety: \(credentials.count) credentials and \(connectors.count) connectors acknowledged, "
                        + "\(writes.cutInFlight) writes in flight cut by the kill, \(writes.failures) of \(writes.attempts) failed")
                #expect(credentials.count >= 8, "too few writes were acknowledged to prove anything")
                #expect(writes.cutInFlight > 0, "the kill should have cut writes in flight")
                #expect(writes.rejections.isEmpty, "a live server refused writes: \(writes.rejections.prefix(3))")

                try await server.start()
                try await verifySurvivors(server.api(), credentials: credentials, connectors: connectors, baseKey: baseKey, upstream: upstream.baseURL)

                try await server.stop()
                let wrongKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
                let status = try await server.startExpectingExit(environment: ["PLUGBOARD_MASTER_KEY": wrongKey])
                #expect(status != nil && status != 0, "the server must refuse a wrong master key (exit status: \(String(describing: status)))")
                let lastLog = (try? String(contentsOf: server.logFiles.last!, encoding: .utf8)) ?? ""
                #expect(lastLog.lowercased().contains("key"), "the refusal should name the key problem; log:\n\(lastLog)")

                try await server.start()
                let sample = try #require(connectors.first)
                let answer = try await server.api().post(
                    "/api/v1/applications/crash/connectors/\(sample.id)/actions/request",
                    RESTConnectorType.get("/auth/bearer/\(sample.credential.token)"))
                #expect(answer.status == 200, "the right key still decrypts after the refused start: \(answer)")
                await server.shutdown()
                try? FileManager.default.removeItem(at: server.workDirectory)
            } catch {
                await server.shutdown()
                print("end-to-end crash: data and logs kept in \(server.workDirectory.path)")
                throw error
            }
        }
    }

    /// Every acknowledged credential and connector reads back intact, and each credential decrypts: the upstream
    /// accepts the bearer token it holds.
    private func verifySurvivors(
        _ api: APISession, credentials: [AcknowledgedWrites.Credential], connectors: [AcknowledgedWrites.Connector],
        baseKey: String, upstream: String
    ) async throws {
        let path = "/api/v1/applications/crash"
        for credential in credentials {
            let answer = try await api.get("\(path)/credentials/\(credential.id)")
            #expect(answer.status == 200, "acknowledged credential \(credential.name) is missing: \(answer)")
            #expect(answer.json["name"]?.stringValue == credential.name)
            #expect(answer.json["secretFields"]?.arrayValue?.contains("token") == true, "\(answer)")
        }
        for connector in connectors {
            let answer = try await api.get("\(path)/connectors/\(connector.id)")
            #expect(answer.status == 200, "acknowledged connector \(connector.name) is missing: \(answer)")
            #expect(answer.json["name"]?.stringValue == connector.name)
            #expect(answer.json["description"]?.stringValue == connector.description)
            #expect(answer.json["credentialId"]?.stringValue == connector.credential.id)
            for (key, value) in connector.options {
                #expect(answer.json["options"]?[key] == value, "option \(key) of \(connector.name): \(answer)")
            }
        }
        // Credentials acknowledged without a connector get one now, so every one of them is decrypted below.
        var checks = connectors.map { ($0.id, $0.credential) }
        let linked = Set(connectors.map(\.credential.id))
        for credential in credentials where !linked.contains(credential.id) {
            let created = try await api.post(
                "\(path)/connectors",
                ["type": .string(RESTConnectorType.id), "name": .string("verify-\(credential.name)"),
                 "options": [baseKey: .string(upstream)], "credentialId": .string(credential.id)])
            let connector = try api.expectSuccess(created, "create a connector for \(credential.name)")
            checks.append((connector["id"]?.stringValue ?? "", credential))
        }
        try await withThrowingTaskGroup(of: (String, APISession.Answer).self) { group in
            var pending = checks[...]
            func startNext() {
                guard let (connectorID, credential) = pending.popFirst() else { return }
                group.addTask {
                    let answer = try await api.post(
                        "\(path)/connectors/\(connectorID)/actions/request", RESTConnectorType.get("/auth/bearer/\(credential.token)"))
                    return (credential.name, answer)
                }
            }
            for _ in 0..<8 { startNext() }
            while let (name, answer) = try await group.next() {
                #expect(answer.status == 200 && answer.json["output"]?["status"]?.integerValue == 200,
                        "credential \(name) did not decrypt to its token: \(answer)")
                startNext()
            }
        }
    }
}

/// One writer: credential, then a connector using it, over and over until the server is gone.
private func streamWrites(
    writer: Int, api: APISession, baseKey: String, upstream: String, into writes: AcknowledgedWrites
) async {
    let path = "/api/v1/applications/crash"
    var index = 0
    var failuresAfterKill = 0
    while failuresAfterKill < 3 {
        index += 1
        let name = "w\(writer)-\(index)"
        let token = "crash-token-\(UUID().uuidString)"
        writes.attempted()
        var sentBeforeKill = !writes.isServerKilled
        let credentialAnswer = try? await api.send(
            .POST, "\(path)/credentials", body: ["name": .string(name), "kind": "bearer_token", "fields": ["token": .string(token)]],
            timeout: .seconds(10))
        guard let credentialAnswer, credentialAnswer.isSuccess, let id = credentialAnswer.json["id"]?.stringValue else {
            writes.failed(sentBeforeKill: sentBeforeKill)
            if let credentialAnswer { writes.rejected("credential \(name): \(credentialAnswer)") }
            if writes.isServerKilled { failuresAfterKill += 1 }
            try? await Task.sleep(for: .milliseconds(50))
            continue
        }
        let credential = AcknowledgedWrites.Credential(id: id, name: name, token: token)
        writes.add(credential)
        let options: JSONObject = [baseKey: .string(upstream)]
        let description = "written by \(name)"
        writes.attempted()
        sentBeforeKill = !writes.isServerKilled
        let connectorAnswer = try? await api.send(
            .POST, "\(path)/connectors",
            body: ["type": .string(RESTConnectorType.id), "name": .string("c-\(name)"), "description": .string(description),
                   "options": .object(options), "credentialId": .string(id)],
            timeout: .seconds(10))
        guard let connectorAnswer, connectorAnswer.isSuccess, let connectorID = connectorAnswer.json["id"]?.stringValue else {
            writes.failed(sentBeforeKill: sentBeforeKill)
            if let connectorAnswer { writes.rejected("connector c-\(name): \(connectorAnswer)") }
            if writes.isServerKilled { failuresAfterKill += 1 }
            continue
        }
        writes.add(AcknowledgedWrites.Connector(id: connectorID, name: "c-\(name)", description: description, options: options, credential: credential))
    }
}
