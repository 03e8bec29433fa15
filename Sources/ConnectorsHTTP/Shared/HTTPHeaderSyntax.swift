/// What a header name and value may hold, so a configured or requested header cannot break the request's head.
public enum HTTPHeaderSyntax {
    /// Whether `text` holds CR, LF or NUL, which would let a value inject headers; checked on bytes, since "\r\n" is one Character.
    public static func hasLineBreak(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// An RFC 9110 token: the characters a header name may have.
    public static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
            default: return "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    /// Whether `name: value` is a well-formed single-line header.
    public static func isValid(name: String, value: String) -> Bool {
        isToken(name) && !hasLineBreak(value)
    }
}
