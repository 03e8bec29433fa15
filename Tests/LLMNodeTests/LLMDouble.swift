import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The LLM double scripts/test.sh starts and proves with the providers' SDKs (Python/llm_double.py): the three
/// dialects on one loopback port. A missing double is a failure, not a skip.
struct LLMDouble: Sendable {
    /// `http://127.0.0.1:PORT`.
    let root: String
    /// The key the double accepts.
    static let key = "test-key"

    static func fromEnvironment() throws -> LLMDouble {
        let hint = "PLUGBOARD_TEST_LLM_URL is not set: run the tests with scripts/test.sh, which starts the LLM double."
        return LLMDouble(root: try #require(ProcessInfo.processInfo.environment["PLUGBOARD_TEST_LLM_URL"], Comment(rawValue: hint)))
    }

    /// The base URL a connector of `provider` is given.
    func baseURL(_ provider: String) -> String {
        switch provider {
        case "anthropic": return root + "/anthropic"
        case "ollama": return root + "/ollama"
        default: return root + "/openai/v1"
        }
    }

    /// Makes an application `app` with an `llm` connector `name` for `provider` (and the key, except for Ollama);
    /// `extra` replaces options. Requests carry `X-Test-Tag: tag`, so `requests(tag:)` finds them.
    func connector(
        _ api: APIClient, app: String, provider: String, name: String = "model", key: String = LLMDouble.key, tag: String = UUID().uuidString,
        _ extra: JSONObject = [:]
    ) async throws {
        try await api.makeApplication(app)
        var options: JSONObject = [
            "provider": .string(provider), "baseUrl": .string(baseURL(provider)), "defaultModel": "echo-1", "retries": 0,
            "headers": ["X-Test-Tag": .string(tag)],
        ]
        for (field, value) in extra { options[field] = value }
        var credential: String?
        if provider != "ollama" {
            credential = try await api.makeCredential(app, name: "\(name)-key", kind: "api_key", fields: ["key": .string(key)])
        }
        let reply = try await api.makeConnector(app, type: "llm", name: name, options: options, credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    /// The requests the double received with `X-Test-Tag: tag`: method, path, body and lower-cased headers.
    func requests(tag: String) async throws -> [JSONValue] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "\(root)/_requests?tag=\(tag)")!)
        return try JSONParser.parse(Array(data))["requests"]?.arrayValue ?? []
    }

    /// Lets a `gated-NAME` stream send the rest of its answer.
    func open(gate: String) async throws {
        var request = URLRequest(url: URL(string: "\(root)/_open?gate=\(gate)")!)
        request.httpMethod = "POST"
        _ = try await URLSession.shared.data(for: request)
    }
}

/// Server-sent events as a test reads them from a whole body: `event:` names and `data:` JSON.
struct SSEEvent: Sendable {
    var name: String
    var data: JSONValue

    static func parse(_ text: String) -> [SSEEvent] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var name = "message"
            var data: [String] = []
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event:") { name = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
                if line.hasPrefix("data:") { data.append(String(line.dropFirst(5).drop { $0 == " " })) }
            }
            guard !data.isEmpty else { return nil }
            return SSEEvent(name: name, data: (try? JSONParser.parse(Array(data.joined(separator: "\n").utf8))) ?? .null)
        }
    }
}
