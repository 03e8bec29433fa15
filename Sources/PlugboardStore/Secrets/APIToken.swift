import Crypto
import Foundation

/// API tokens: `pb_` and 40 random characters; only their SHA-256 hash is stored.
public enum APIToken {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A new random token; show it once, store only `hash(_:)` of it.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return "pb_" + String((0..<40).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    /// The lowercase hex SHA-256 of the token; on every request's path, so it avoids `String(format:)`.
    public static func hash(_ token: String) -> String {
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
