import PlugboardCore
import Synchronization

/// The compact schema one session introspected, so agents asking again do not cost a round trip each time.
final class GraphQLSchemaCache: Sendable {
    private let schema = Mutex<JSONValue?>(nil)

    /// The cached schema, if introspected already.
    var value: JSONValue? { schema.withLock { $0 } }

    /// Keeps `value` for the session's life.
    func store(_ value: JSONValue) {
        schema.withLock { $0 = value }
    }
}
