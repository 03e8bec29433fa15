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

/// Tokens a call used, counted by the driver (an LLM's input and output tokens) and kept on the execution's record.
public final class UsageMeter: Sendable {
    private let state = Mutex<Tokens?>(nil)

    /// Tokens in and out.
    public struct Tokens: Sendable, Hashable {
        public var input: Int
        public var output: Int

        public init(input: Int, output: Int) {
            self.input = input
            self.output = output
        }
    }

    public init() {}

    /// Adds one request's tokens; a call that sends several (an agent's turns) adds each.
    public func record(input: Int, output: Int) {
        state.withLock { tokens in
            let sum = tokens ?? Tokens(input: 0, output: 0)
            tokens = Tokens(input: sum.input + input, output: sum.output + output)
        }
    }

    /// Every token recorded; nil when the call recorded none.
    public var tokens: Tokens? { state.withLock { $0 } }
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
