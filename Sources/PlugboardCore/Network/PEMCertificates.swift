import Foundation

/// A first check of PEM certificates given as text, where no TLS library is at hand (a connector's options are
/// checked when saved, before any connection): at least one block, each base64 of a DER SEQUENCE. The network layer
/// parses them fully when it connects.
public enum PEMCertificates {
    /// Whether `text` holds one or more `CERTIFICATE` blocks, each well formed.
    public static func areWellFormed(_ text: String) -> Bool {
        let begin = "-----BEGIN CERTIFICATE-----"
        let end = "-----END CERTIFICATE-----"
        var rest = Substring(text)
        var blocks = 0
        while let start = rest.range(of: begin) {
            guard let stop = rest.range(of: end, range: start.upperBound..<rest.endIndex) else { return false }
            let body = rest[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
            guard let der = Data(base64Encoded: String(body)), der.count > 16, der.first == 0x30 else { return false }
            blocks += 1
            rest = rest[stop.upperBound...]
        }
        return blocks > 0
    }
}
