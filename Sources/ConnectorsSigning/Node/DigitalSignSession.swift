import PlugboardCore
import X509

/// One `digital-sign` connector's session: the signing key read once from the credential (when one is linked) and
/// the trusted roots. Nothing here opens a connection.
public struct DigitalSignSession: ConnectorSession {
    public let configuration: DigitalSignConfiguration
    let key: SigningKey?
    let roots: [Certificate]

    public func close() async {}

    /// The signing key, or why there is none.
    func signingKey() throws(ConnectorError) -> SigningKey {
        guard let key else {
            throw ConnectorError(
                .invalidConfiguration, message: "Signing needs a signing key.", fix: "Link a signing_key credential (a PKCS#12 file or PEM key and chain) to the connector.")
        }
        return key
    }
}
