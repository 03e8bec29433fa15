import Foundation

/// Base64 with the URL and file name safe alphabet (RFC 4648 §5), written without padding: OAuth2 states and PKCE
/// verifiers, JWT parts, Gmail's raw messages and attachments.
public enum Base64URL {
    /// The bytes as unpadded base64url.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of base64url text, padded or not (standard base64's `+` and `/` are read too); nil when it is not base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard = standard.filter { !$0.isWhitespace }
        while standard.count % 4 != 0 { standard.append("=") }
        return Data(base64Encoded: standard).map(Array.init)
    }

    /// `count` bytes from the system's cryptographically secure generator, as unpadded base64url: secrets, states
    /// and verifiers (32 bytes give 43 characters).
    public static func random(byteCount count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return encode((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
