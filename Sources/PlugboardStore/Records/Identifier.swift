import Foundation

/// Makes the ids Plugboard stores: a readable prefix and 20 random base32 characters (`conn_k3…`).
public enum Identifier {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    public static func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let suffix = String((0..<20).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        return "\(prefix)_\(suffix)"
    }
}
