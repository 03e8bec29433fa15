import PlugboardCore

/// Reads a `signing_key` credential when it is saved: the key must load and belong to its certificate, and the
/// certificate's subject, issuer, serial, validity and key type are stored beside it, shown where the private key
/// never is.
public struct SigningKeyInspector: CredentialInspecting {
    public init() {}

    public var kind: CredentialKind { .signingKey }

    public func inspect(_ fields: [String: String]) throws(ConnectorError) -> [String: String] {
        CertificateFacts(try SigningKey.load(fields).certificate).fields
    }
}
