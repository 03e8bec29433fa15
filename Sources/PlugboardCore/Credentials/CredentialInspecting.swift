/// Reads what a credential of one kind says about itself when it is saved (a signing key's certificate), to be stored
/// beside it as its read-only public fields; refuses what Plugboard could not use. Registered with the drivers
/// (`DriverRegistry.register(inspector:)`), since reading needs libraries the core does not link.
public protocol CredentialInspecting: Sendable {
    /// The kind this inspector reads.
    var kind: CredentialKind { get }

    /// The read-only public fields `fields` give (a certificate's subject, validity…); throws when the credential
    /// cannot be used, naming the field.
    func inspect(_ fields: [String: String]) throws(ConnectorError) -> [String: String]
}
