import Foundation

/// Percent-encoding for URL paths and query strings, byte by byte over UTF-8.
public enum PercentEncoding {
    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Encodes a query name or value: everything but unreserved characters.
    public static func queryComponent(_ text: String) -> String {
        encode(text) { isUnreserved($0) }
    }

    /// Encodes one path segment, such as an id a caller gave: everything but unreserved characters, `/` included.
    public static func pathSegment(_ text: String) -> String {
        encode(text) { isUnreserved($0) }
    }

    /// Encodes a path, keeping `/`, existing `%XX` escapes and the characters RFC 3986 allows in segments.
    public static func path(_ text: String) -> String {
        encode(text) { byte in
            if isUnreserved(byte) { return true }
            switch byte {
            case UInt8(ascii: "/"), UInt8(ascii: "%"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"),
                UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
                return true
            default:
                return false
            }
        }
    }

    /// Encodes a raw query string a user wrote, keeping its `&`, `=` and escapes.
    public static func rawQuery(_ text: String) -> String {
        encode(text) { byte in
            isUnreserved(byte) || "%&=+,;:@/?!$'()*".utf8.contains(byte)
        }
    }

    /// The parameter names in `url`'s query, decoded, in order.
    public static func queryNames(of url: String) -> [String] {
        (URLComponents(string: url)?.queryItems ?? []).map(\.name)
    }

    /// `a=1&b=x%20y` from ordered pairs.
    public static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(queryComponent($0.0))=\(queryComponent($0.1))" }.joined(separator: "&")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): return true
        default: return false
        }
    }

    /// Encodes every byte `keep` refuses; a kept `%` survives only as the start of a valid `%XX` escape.
    private static func encode(_ text: String, keeping keep: (UInt8) -> Bool) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            let isEscape = byte == UInt8(ascii: "%") && index + 2 < bytes.count && isHexDigit(bytes[index + 1]) && isHexDigit(bytes[index + 2])
            if keep(byte) && (byte != UInt8(ascii: "%") || isEscape) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
