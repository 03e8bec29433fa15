import Foundation

/// What an API token may do.
public struct TokenRole: RawRepresentable, Hashable, Sendable, Comparable {
    /// The role's name, such as `editor`.
    public let rawValue: String
    /// A role from its name; nil when there is no such role.
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
    /// Every role, highest first.
    public static let all: [TokenRole] = [.admin, .editor, .runner, .viewer]

    /// Roles rank viewer < runner < editor < admin; a role can do what lower ones can.
    public static func < (lhs: TokenRole, rhs: TokenRole) -> Bool { ranks[lhs.rawValue]! < ranks[rhs.rawValue]! }
}

/// An API token as stored: only its SHA-256 hash, never the token.
public struct TokenRecord: Sendable, Hashable {
    /// `tok_` followed by 20 random characters; not the token itself.
    public var id: String
    /// The token's name, shown in lists and recorded on executions.
    public var name: String
    /// nil for a global token.
    public var applicationID: String?
    /// What the token may do in its scope.
    public var role: TokenRole
    /// The token's SHA-256 hash as hex; the token itself is never stored.
    public var hash: String
    /// When the token was created.
    public var createdAt: Date
    /// When the token last authenticated a request; nil if never.
    public var lastUsedAt: Date?

    /// A token record with a fresh `tok_` id unless one is given.
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
