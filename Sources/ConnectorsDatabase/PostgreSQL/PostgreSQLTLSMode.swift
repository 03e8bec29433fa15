/// How a PostgreSQL connection uses TLS; a struct with static members so modes can be added.
public struct PostgreSQLTLSMode: Sendable, Hashable, CustomStringConvertible {
    /// The option's value as users write it.
    public let rawValue: String

    /// Plain TCP; the password and data travel unencrypted.
    public static let disable = Self(rawValue: "disable")
    /// TLS when the server offers it, plain otherwise; the certificate is not verified.
    public static let prefer = Self(rawValue: "prefer")
    /// TLS or nothing; the certificate is not verified (like libpq's `require`).
    public static let require = Self(rawValue: "require")
    /// TLS with the certificate chain verified against the CA and the host name checked.
    public static let verifyFull = Self(rawValue: "verify-full")

    /// Every mode, in the order forms list them.
    public static let all: [PostgreSQLTLSMode] = [.disable, .prefer, .require, .verifyFull]

    /// The mode named `name`, or nil.
    public init?(named name: String) {
        guard let mode = Self.all.first(where: { $0.rawValue == name }) else { return nil }
        self = mode
    }

    private init(rawValue: String) { self.rawValue = rawValue }

    /// The mode's option value, such as `verify-full`.
    public var description: String { rawValue }
}
