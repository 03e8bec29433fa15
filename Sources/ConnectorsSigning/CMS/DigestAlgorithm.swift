import Crypto
import Foundation
import PlugboardCore
import SwiftASN1

/// The digests signatures here use, by name and by object identifier.
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha256, sha384, sha512
    /// Read in signatures others made; never chosen for new ones.
    case sha1

    /// The algorithm an object identifier names (CMS `digestAlgorithm`).
    init?(oid: ASN1ObjectIdentifier) {
        switch oid.description {
        case "2.16.840.1.101.3.4.2.1": self = .sha256
        case "2.16.840.1.101.3.4.2.2": self = .sha384
        case "2.16.840.1.101.3.4.2.3": self = .sha512
        case "1.3.14.3.2.26": self = .sha1
        default: return nil
        }
    }

    /// The digest of `bytes`.
    public func hash(_ bytes: some DataProtocol) -> [UInt8] {
        switch self {
        case .sha256: return Array(SHA256.hash(data: bytes))
        case .sha384: return Array(SHA384.hash(data: bytes))
        case .sha512: return Array(SHA512.hash(data: bytes))
        case .sha1: return Array(Insecure.SHA1.hash(data: bytes))
        }
    }
}
