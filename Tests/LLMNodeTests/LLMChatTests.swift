import Foundation
import Hummingbird
import PlugboardAPITestSupport
import PlugboardCore
import Testing

/// The `llm` node's whole answers through Plugboard's API, against the double of each dialect.
@Suite struct LLMChatTests {
    static let providers = ["openai", "anthropic", "ollama"]
    static let weather: JSONValue = [
        "name": "get_weather", "description": "The weather in a city.",
        "parameters": ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]],
    ]

    @Test(arguments: providers)
    func chatAnswersInOneShapeWithUsage(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: provider)
            let reply = try await api.run("ai", "model", "chat", ["system": "Be brief.", "messages": [["role": "user", "content": "hello there"]]])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["message"] == ["role": "assistant", "content": "You said: hello there"])
            #expect(reply.output["finishReason"] == "stop")
            #expect(reply.output["model"] == "echo-1")
            #expect(reply.output["usage"]?["outputTokens"] == 4)
            #expect((reply.output["usage"]?["inputTokens"]?.integerValue ?? 0) > 0)

            // The execution's record keeps the tokens.
            let executions = try await api.call(.get, "/api/v1/applications/ai/executions")
            let record = executions.json["items"]?.arrayValue?.first
            #expect(record?["tokens"]?["outputTokens"] == 4, "\(executions.text)")

            let test = try await api.call(.post, "/api/v1/applications/ai/connectors/model/test")
            #expect(test.json["ok"] == true, "\(test.text)")
        }
    }

    @Test(arguments: providers)
    func toolCallsComeBackAndResultsGoIn(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: provider)
            let asked = try await api.run("ai", "model", "chat", ["messages": [["role": "user", "content": "Almaty"]], "tools": [Self.weather]])
            #expect(asked.status == .ok, "\(asked.text)")
            let call = try #require(asked.output["toolCalls"]?.arrayValue?.first)
            #expect(call["name"] == "get_weather")
            #expect(call["arguments"] == ["city": "Almaty"])
            #expect(asked.output["finishReason"] == "tool_calls")

            let answered = try await api.run("ai", "model", "chat", [
                "messages": [
                    ["role": "user", "content": "Almaty"],
                    ["role": "assistant", "content": "", "toolCalls": [call]],
                    ["role": "tool", "toolCallId": call["id"] ?? "", "toolName": "get_weather", "content": "sunny"],
                ],
                "tools": [Self.weather],
            ])
            #expect(answered.output["message"]?["content"] == "Tool said: sunny", "\(answered.text)")
        }
    }

    @Test(arguments: providers)
    func jsonOutputComesBackParsed(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: provider)
            let reply = try await api.run("ai", "model", "chat", [
                "messages": [["role": "user", "content": "capital"]],
                "output": ["schema": ["type": "object", "properties": ["answer": ["type": "string"]]]],
            ])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["json"] == ["answer": "capital"])
        }
    }

    @Test(arguments: providers)
    func providerRefusalsMapToTheTaxonomy(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: provider)
            func ask(_ model: String, _ text: String = "x") async throws -> APIClient.Reply {
                try await api.run("ai", "model", "chat", ["model": .string(model), "messages": [["role": "user", "content": .string(text)]]])
            }
            let limited = try await ask("rate-limited")
            #expect(limited.status == .tooManyRequests, "\(limited.text)")
            #expect(limited.errorCode == "rate_limited")
            #expect(limited.error["retryable"] == true)

            let overloaded = try await ask("overloaded")
            #expect(overloaded.errorCode == "upstream_error", "\(overloaded.text)")
            #expect(overloaded.error["retryable"] == true)

            let tooLong = try await ask("context-limit")
            #expect(tooLong.status == .badRequest, "\(tooLong.text)")
            #expect(tooLong.errorCode == "invalid_input")
            #expect(tooLong.error["field"] == "messages")
            if provider != "ollama" {
                #expect(tooLong.error["details"]?["contextLimit"] == 8192, "\(tooLong.text)")
            }
        }
    }

    @Test(arguments: ["openai", "anthropic"])
    func aWrongKeyIsAuthenticationFailed(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: provider, key: "sk-wrong-secret-key")
            let reply = try await api.run("ai", "model", "chat", ["messages": [["role": "user", "content": "x"]]])
            #expect(reply.errorCode == "authentication_failed", "\(reply.text)")
            #expect(!reply.text.contains("sk-wrong-secret-key"))
        }
    }

    @Test(arguments: providers)
    func aRefusalThatSaysRetryIsRetried(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            let tag = UUID().uuidString
            try await double.connector(api, app: "ai", provider: provider, tag: tag, ["retries": 2])
            let reply = try await api.run("ai", "model", "chat", ["model": "flaky-429", "messages": [["role": "user", "content": .string(tag)]]])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["message"]?["content"] == .string("You said: \(tag)"))
            #expect(try await double.requests(tag: tag).count == 2)

            // A streamed answer is tried again the same way, before anything reached the caller.
            let streamed = try await api.call(
                .post, "/api/v1/applications/ai/connectors/model/actions/chat",
                ["model": "flaky-429", "messages": [["role": "user", "content": .string(tag + " streamed")]]], headers: [.accept: "text/event-stream"])
            #expect(streamed.text.contains("event: result"), "\(streamed.text)")
            #expect(try await double.requests(tag: tag).count == 4)
        }
    }

    @Test(arguments: providers)
    func embeddingsAndModels(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: provider)
            let models = try await api.run("ai", "model", "list_models")
            #expect(models.status == .ok, "\(models.text)")
            #expect(models.output["models"]?.arrayValue?.isEmpty == false)

            let embedded = try await api.run("ai", "model", "embed", ["model": "embed-1", "input": ["first", "second"]])
            if provider == "anthropic" {
                #expect(embedded.errorCode == "invalid_input", "\(embedded.text)")
                #expect(embedded.error["message"]?.stringValue?.contains("no embeddings") == true)
            } else {
                #expect(embedded.status == .ok, "\(embedded.text)")
                #expect(embedded.output["embeddings"]?.arrayValue?.count == 2)
                #expect(embedded.output["dimensions"] == 8)
                #expect(embedded.output["embeddings"]?.arrayValue?.first != embedded.output["embeddings"]?.arrayValue?.last)
            }
        }
    }

    @Test func openAIHeadersAndAzureDeployments() async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            let tag = UUID().uuidString
            try await double.connector(api, app: "ai", provider: "openai", tag: tag, ["organization": "org-1", "project": "proj-1"])
            _ = try await api.run("ai", "model", "chat", ["messages": [["role": "user", "content": "x"]]])
            let sent = try #require(try await double.requests(tag: tag).first)
            #expect(sent["headers"]?["openai-organization"] == "org-1")
            #expect(sent["headers"]?["openai-project"] == "proj-1")
            #expect(sent["headers"]?["authorization"] == "Bearer test-key")

            try await double.connector(
                api, app: "azure", provider: "openai", tag: tag,
                ["baseUrl": .string(double.root + "/openai/deployments/echo-1"), "apiVersion": "2024-10-21"])
            let reply = try await api.run("azure", "model", "chat", ["messages": [["role": "user", "content": "azure"]]])
            #expect(reply.output["message"]?["content"] == "You said: azure", "\(reply.text)")
        }
    }

    @Test func aModelIsNeededWhenTheConnectorHasNoDefault() async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: "openai", ["defaultModel": ""])
            let reply = try await api.run("ai", "model", "chat", ["messages": [["role": "user", "content": "x"]]])
            #expect(reply.status == .badRequest)
            #expect(reply.error["field"] == "model", "\(reply.text)")
        }
    }
}
