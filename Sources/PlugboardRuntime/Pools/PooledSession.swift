import PlugboardCore

/// A connector's session as its pool holds it: with the secrets of the credential it was opened with, which every
/// call it serves must mask too (a call that read an older version may be lent a session opened with a newer one).
struct PooledSession: ConnectorSession {
    let session: AnyConnectorSession
    /// Empty when opening read no credential.
    let credentialSecrets: [String]

    var isUsable: Bool { session.isUsable }

    func close() async {
        await session.close()
    }
}
