import PlugboardCore

/// A node configuration composed of the common HTTP connection options and its own fields.
///
/// The common options read (and write) as the configuration's own: `configuration.timeout` is `configuration.connection.timeout`.
@dynamicMemberLookup
public protocol HTTPConnectionConfiguration: ConnectorConfiguration {
    /// Default headers, TLS verification, timeout and response limit, read by `HTTPConnectionOptions`.
    var connection: HTTPConnectionOptions { get set }
}

extension HTTPConnectionConfiguration {
    /// One of the common connection options, by name.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<HTTPConnectionOptions, Value>) -> Value {
        get { connection[keyPath: keyPath] }
        set { connection[keyPath: keyPath] = newValue }
    }

    /// One of the values derived from the common options, such as the default headers as pairs.
    public subscript<Value>(dynamicMember keyPath: KeyPath<HTTPConnectionOptions, Value>) -> Value {
        connection[keyPath: keyPath]
    }
}
