import Foundation
import PlugboardCore
import Testing

extension EndToEndTests {
    /// `plugboard run` on an `llm` connector through the real binary, against the LLM double scripts/test.sh starts:
    /// the text is printed as it streams, then the output; a provider's refusal exits as a connector failure.
    @Test("CLI: an LLM's chat streams its text, then prints the output")
    func llmChatThroughTheCLI() async throws {
        let hint = "PLUGBOARD_TEST_LLM_URL is not set: run the tests with scripts/test.sh, which starts the LLM double."
        let double = try #require(ProcessInfo.processInfo.environment["PLUGBOARD_TEST_LLM_URL"], Comment(rawValue: hint))
        try await ServerProcess.with(name: "llm") { server in
            let cli = server.cli()
            var result = try await cli.run(["applications", "create", "ai"])
            try #require(result.status == 0, "\(result)")
            result = try await cli.run(
                ["credentials", "create", "-a", "ai", "--name", "openai-key", "--kind", "api_key", "--field-stdin", "key"], stdin: "test-key\n")
            try #require(result.status == 0, "\(result)")
            result = try await cli.run(
                ["connectors", "create", "-a", "ai", "--type", "plugboard.nodes.llm", "--name", "brain", "--option", "provider=openai",
                 "--option", "baseUrl=\(double)/openai/v1", "--option", "defaultModel=echo-1", "--option", "retries=0",
                 "--credential", "openai-key"])
            try #require(result.status == 0, "\(result)")

            result = try await cli.run(["run", "-a", "ai", "brain", "chat", "--input", #"{"messages": [{"role": "user", "content": "hi there"}]}"#])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.hasPrefix("You said: hi there\n"), "\(result)")
            #expect(result.stdout.contains(#""finishReason": "stop""#), "\(result)")
            result = try await cli.run(["executions", "list", "-a", "ai"])
            #expect(result.stdout.contains("MODEL TOKENS") && result.stdout.contains("4 out"), "\(result)")

            result = try await cli.run(
                ["run", "-a", "ai", "brain", "chat", "--input", #"{"model": "rate-limited", "messages": [{"role": "user", "content": "x"}]}"#])
            #expect(result.status == 6, "\(result)")
            #expect(result.stderr.contains("rate_limited"), "\(result)")
            #expect(!result.stdout.contains("test-key") && !result.stderr.contains("test-key"))
        }
    }
}
