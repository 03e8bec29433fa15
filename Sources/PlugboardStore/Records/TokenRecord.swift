import Foundation

/// What an API token may do.
public struct TokenRole: RawRepresentable, Hashable, Sendable, Comparable {
    public let rawValue: String
    public init?(rawValue: String) {
        guard Self.ranks[rawValue] != nil else { return nil }
        self.rawValue = rawValue
    }
    private init(_ rawValue: String) { self.rawValue = rawValue }

    /// Manages everything in its scope, tokens included.
    public static let admin = Self("admin")
    /// Manages credentials and connectors, runs actions.
    public static let editor = Self("editor")
    /// Reads connectors and runs actions.
    public static let runner = Self("runner")
    /// Reads.
    public static let viewer = Self("viewer")

    private static let ranks = ["viewer": 0, "runner": 1, "editor": 2, "admin": 3]
    public static let all: [TokenRole] = [.admin, .editor, .runner, .viewer]

    public static func < (lhs: TokenRole, rhs: TokenRole) -> Bool { ranks[lhs.rawValue]! < ranks[rhs.rawValue]! }
}

/// An API token as stored: only its SHA-256 hash, never the token.
public struct TokenRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    /// nil for a global token.
    public var applicationID: String?
    public var role: TokenRole
    public var hash: String
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(
        id: String = Identifier.make("tok"), name: String, applicationID: String?, role: TokenRole, hash: String,
        createdAt: Date = Date(), lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.applicationID = applicationID
        self.role = role
        self.hash = hash
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}
