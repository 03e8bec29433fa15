import Synchronization

/// Where an action sends the pieces of its answer while it runs (an LLM's tokens), for a caller that asked for a
/// stream; the action's output still comes at the end.
public struct ActionEventSink: Sendable {
    private let send: @Sendable (JSONValue) async -> Void

    /// A sink that hands each event to `send`, in order.
    public init(_ send: @escaping @Sendable (JSONValue) async -> Void) {
        self.send = send
    }

    func callAsFunction(_ event: JSONValue) async {
        await send(event)
    }
}

/// Tokens a model read and wrote, as the provider counted them.
public struct TokenUsage: Sendable, Hashable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    public static let zero = TokenUsage(inputTokens: 0, outputTokens: 0)

    /// Both counts added.
    public static func + (left: TokenUsage, right: TokenUsage) -> TokenUsage {
        TokenUsage(inputTokens: left.inputTokens + right.inputTokens, outputTokens: left.outputTokens + right.outputTokens)
    }

    /// `{inputTokens, outputTokens}`.
    public var json: JSONValue {
        ["inputTokens": .integer(Int64(inputTokens)), "outputTokens": .integer(Int64(outputTokens))]
    }
}

/// Tokens a call used, counted by the driver (an LLM's input and output tokens) and kept on the execution's record.
public final class UsageMeter: Sendable {
    private let state = Mutex<TokenUsage?>(nil)

    public init() {}

    /// Adds one request's tokens; a call that sends several (an agent's turns) adds each.
    public func record(_ usage: TokenUsage) {
        state.withLock { $0 = ($0 ?? .zero) + usage }
    }

    /// Every token recorded; nil when the call recorded none.
    public var tokens: TokenUsage? { state.withLock { $0 } }
}

extension CallContext {
    /// Whether the caller takes the answer as a stream of events.
    public var streams: Bool { events != nil }

    /// Sends `event` to a caller that streams, through the call's redactor; does nothing for one that does not.
    public func emit(_ event: JSONValue) async {
        guard let events else { return }
        await events(redactor.redact(event))
    }
}
