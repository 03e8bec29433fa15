import Foundation

/// How a part's bytes travel in 7-bit lines of at most 76 characters: quoted-printable for text that is mostly
/// ASCII (readable in the raw message), base64 for the rest.
enum MIMEBody {
    enum Encoding: String {
        case quotedPrintable = "quoted-printable"
        case base64
    }

    /// Quoted-printable for text whose bytes are mostly ASCII, base64 otherwise (and always for non-text).
    static func encoding(for bytes: [UInt8], isText: Bool) -> Encoding {
        guard isText else { return .base64 }
        let high = bytes.lazy.filter { $0 >= 0x80 }.count
        return high * 3 > bytes.count ? .base64 : .quotedPrintable
    }

    /// The bytes written with `encoding`, lines ending in CRLF.
    static func encode(_ bytes: [UInt8], as encoding: Encoding) -> String {
        switch encoding {
        case .base64: return base64Lines(bytes)
        case .quotedPrintable: return quotedPrintable(bytes)
        }
    }

    /// Base64 in lines of 76 characters.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let text = Data(bytes).base64EncodedString()
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex
            output += text[index..<end] + "\r\n"
            index = end
        }
        return output
    }

    /// RFC 2045 quoted-printable: line breaks in the text (LF or CRLF) stay hard line breaks, `=`, controls, bytes
    /// past ASCII and spaces at a line's end are `=XX`, and lines are cut with a soft `=` break before 76.
    static func quotedPrintable(_ bytes: [UInt8]) -> String {
        var output = ""
        var lines: [ArraySlice<UInt8>] = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "\n") { lines.removeLast() }
        for line in lines {
            let content = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            var current = ""
            for (offset, byte) in content.enumerated() {
                let isLast = offset == content.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast)
                let piece = literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if current.count + piece.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                current += piece
            }
            output += current + "\r\n"
        }
        return output
    }
}
