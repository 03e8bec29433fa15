import Foundation

/// An application: the tenant scope of credentials, connectors and tokens.
public struct ApplicationRecord: Sendable, Hashable {
    /// `app_` followed by 20 random characters.
    public var id: String
    /// The application's name, unique across the server.
    public var name: String
    /// When the application was created.
    public var createdAt: Date

    /// An application with a fresh `app_` id unless one is given.
    public init(id: String = Identifier.make("app"), name: String, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
