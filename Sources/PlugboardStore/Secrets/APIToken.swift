import Crypto
import Foundation

/// API tokens: `pb_` and 40 random characters; only their SHA-256 hash is stored.
public enum APIToken {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return "pb_" + String((0..<40).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
