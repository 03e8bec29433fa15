import PlugboardCore

/// A response and how many attempts it took (retries, and the resend after an OAuth2 refresh, included).
public struct HTTPExchange: Sendable {
    /// The last response received.
    public var response: HTTPResponseMessage
    /// Attempts made, the first included.
    public var attempts: Int

    public init(response: HTTPResponseMessage, attempts: Int) {
        self.response = response
        self.attempts = attempts
    }
}
