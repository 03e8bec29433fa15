import Foundation

/// Makes the ids Plugboard stores: a readable prefix and 20 random base32 characters (`conn_k3…`), 100 bits.
public enum Identifier {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// A new id such as `conn_k3…`; `prefix` names what it identifies.
    public static func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        var characters = Array(prefix.utf8)
        characters.append(UInt8(ascii: "_"))
        // Each 64-bit draw gives twelve 5-bit characters; two draws cover twenty.
        for draw in 0..<2 {
            var bits = generator.next()
            for _ in 0..<(draw == 0 ? 12 : 8) {
                characters.append(alphabet[Int(bits & 31)])
                bits >>= 5
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
