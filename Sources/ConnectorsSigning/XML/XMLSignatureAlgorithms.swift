import PlugboardCore
import X509

/// The XML Signature algorithm identifiers Plugboard writes and reads.
public enum XMLSignatureAlgorithms {
    public static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    public static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    public static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    public static let exclusiveC14NWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"

    /// A signature method: the key type and the digest it signs with.
    public enum Method: String, CaseIterable, Sendable {
        case rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
        case rsaSHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
        case ecdsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"

        var digest: DigestAlgorithm {
            switch self {
            case .rsaSHA256, .ecdsaSHA256: return .sha256
            case .rsaSHA512: return .sha512
            }
        }

        var isRSA: Bool { self != .ecdsaSHA256 }
    }

    /// A digest method's URI.
    static func digestURI(_ digest: DigestAlgorithm) -> String {
        switch digest {
        case .sha256: return "http://www.w3.org/2001/04/xmlenc#sha256"
        case .sha384: return "http://www.w3.org/2001/04/xmldsig-more#sha384"
        case .sha512: return "http://www.w3.org/2001/04/xmlenc#sha512"
        case .sha1: return "http://www.w3.org/2000/09/xmldsig#sha1"
        }
    }

    static func digest(uri: String) -> DigestAlgorithm? {
        DigestAlgorithm.allCases.first { digestURI($0) == uri }
    }
}
