import Foundation
import PlugboardCore
import SwiftASN1
import X509

/// The `digital-sign` connector's fields: the roots a verified signature's chain must lead to. The signing key is
/// the linked `signing_key` credential (needed only to sign).
public struct DigitalSignConfiguration: ConnectorConfiguration {
    /// PEM certificates whose chains are trusted; none: signatures are checked, their chains are not.
    public var trustedRoots = ""

    public init() {}

    public static let fields = FieldList<Self> {
        Field(
            "trustedRoots", \.trustedRoots, title: "Trusted roots (PEM)",
            description: "CA certificates a verified signer's chain must lead to, such as the national CA's roots; empty: chains are not judged.")
    }

    public func validate() throws(ConnectorError) {
        _ = try roots()
    }

    public var pooling: PoolSettings { .shared(16) }

    /// The trusted roots as certificates.
    func roots() throws(ConnectorError) -> [Certificate] {
        guard !trustedRoots.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        do {
            return try PEMDocument.parseMultiple(pemString: trustedRoots).map { try Certificate(derEncoded: $0.derBytes) }
        } catch {
            throw .invalidConfiguration("The trusted roots are not PEM certificates.", field: "trustedRoots")
        }
    }
}
