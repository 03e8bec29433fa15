import Crypto
import Foundation

/// A request that arrived at a trigger's webhook address, as it came: nothing is trusted before the source checks it.
public struct WebhookRequest: Sendable {
    public var method: String
    public var headers: [(String, String)]
    public var query: [(String, String)]
    public var body: [UInt8]

    public init(method: String, headers: [(String, String)], query: [(String, String)], body: [UInt8]) {
        self.method = method
        self.headers = headers
        self.query = query
        self.body = body
    }

    /// The first header named `name`, in any case.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.equalsIgnoringASCIICase(name) }?.1
    }

    /// The first query parameter named `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.0 == name }?.1
    }
}

/// What a webhook source knows about its trigger: where the service reaches it and the secrets it checks with.
public struct WebhookContext: Sendable {
    /// `<public URL>/hooks/<trigger id>`; nil while the server does not know its public address (`PLUGBOARD_PUBLIC_URL`).
    public var url: String?
    /// The trigger's generated secret, shown once when it was created: Telegram's `secret_token`, Meta's verify token.
    public var secret: String
    /// The trigger's secret options (write-only in the source's options schema, such as Meta's app secret), sealed at rest.
    public var secretOptions: [String: String]
    /// The trigger's other options, defaults applied.
    public var options: JSONObject

    public init(url: String?, secret: String, secretOptions: [String: String], options: JSONObject) {
        self.url = url
        self.secret = secret
        self.secretOptions = secretOptions
        self.options = options
    }
}

/// What a webhook source made of a request: the events to store (each once, by its dedup key), and the answer the
/// service expects when it is not Plugboard's usual one (Meta's handshake echoes `hub.challenge` as text).
public struct WebhookOutcome: Sendable {
    public var events: [SourceEvent]
    public var reply: Reply?

    /// A status and a text body.
    public struct Reply: Sendable, Hashable {
        public var status: Int
        public var contentType: String
        public var body: String

        public init(status: Int = 200, contentType: String = "text/plain", body: String) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    public init(events: [SourceEvent] = [], reply: Reply? = nil) {
        self.events = events
        self.reply = reply
    }
}

/// The checks webhook receivers make, each in constant time: a shared secret, and an HMAC-SHA256 of the body.
public enum WebhookSecrets {
    /// Whether `given` equals `expected`, compared through their SHA-256 digests so neither length nor content leaks.
    public static func matches(_ given: String?, _ expected: String) -> Bool {
        guard let given, !expected.isEmpty else { return false }
        return constantTimeEqual(Array(SHA256.hash(data: Data(given.utf8))), Array(SHA256.hash(data: Data(expected.utf8))))
    }

    /// Whether `signature` (`<hex>` or `sha256=<hex>`) is the HMAC-SHA256 of `body` under `key`.
    public static func validSignature(_ signature: String?, of body: [UInt8], key: String) -> Bool {
        guard var text = signature?.trimmingCharacters(in: .whitespaces), !key.isEmpty else { return false }
        if text.lowercased().hasPrefix("sha256=") { text.removeFirst(7) }
        guard let code = Hex.decode(text) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: SymmetricKey(data: Data(key.utf8)))
    }

    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
