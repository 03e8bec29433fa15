import Foundation

/// An application: the tenant scope of credentials, connectors and tokens.
public struct ApplicationRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var createdAt: Date

    public init(id: String = Identifier.make("app"), name: String, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
