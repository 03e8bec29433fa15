import Foundation
import PlugboardCore

/// Header lines as RFC 5322 and RFC 2047 write them: non-ASCII text as `=?UTF-8?B?…?=` encoded words of at most 75
/// characters, lines folded before 78, and every value checked for line breaks before anything is written.
enum MIMEHeader {
    /// Refuses a header whose name is not printable ASCII without a colon, or whose value holds a CR or LF (which
    /// would let input add headers or end them).
    static func check(name: String, value: String, field: String) throws(ConnectorError) {
        let nameIsValid = !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
        guard nameIsValid else { throw .invalidInput("'\(name)' is not a header name.", field: field) }
        guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw .invalidInput("A header value must not contain a line break (CR or LF); nothing was sent.", field: field)
        }
    }

    /// `Name: value`, folded, with `value` encoded where it is not plain ASCII; ends with CRLF.
    static func line(_ name: String, _ value: String) -> String {
        fold("\(name): \(encodedText(value))")
    }

    /// `Name: a, b`, folded between addresses; ends with CRLF.
    static func line(_ name: String, _ mailboxes: [Mailbox]) -> String {
        fold("\(name): " + mailboxes.map(format).joined(separator: ", "))
    }

    /// A mailbox as a header writes it: the name plain, quoted or encoded, then the address in angle brackets.
    static func format(_ mailbox: Mailbox) -> String {
        guard let name = mailbox.name, !name.isEmpty else { return mailbox.address }
        return "\(phrase(name)) <\(mailbox.address)>"
    }

    /// A display name: as it is when it is plain words, quoted when it has specials, encoded when it is not ASCII.
    static func phrase(_ name: String) -> String {
        guard isPrintableASCII(name) else { return encodedText(name) }
        let specials = Set("()<>[]:;@\\,.\"")
        guard name.contains(where: { specials.contains($0) }) else { return name }
        return quoted(name)
    }

    /// `"text"`, with backslashes and quotes escaped (RFC 5322 quoted-string, RFC 2045 parameter values).
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `text` as it is when printable ASCII (and not itself looking like an encoded word), otherwise as encoded
    /// words of whole characters, each at most 75 characters long, separated by spaces so they can fold.
    static func encodedText(_ text: String) -> String {
        guard !isPrintableASCII(text) || text.contains("=?") else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            // 39 bytes make 52 base64 characters; with `=?UTF-8?B?` and `?=` that is 64, which fits after a header
            // name on the first line.
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: " ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// The line broken before 78 characters at spaces (continuations start with a space), ending with CRLF. The
    /// value's first word stays on the name's line; a word longer than a line stays whole, as RFC 5322 allows up
    /// to 998.
    static func fold(_ line: String) -> String {
        var output = ""
        var current = ""
        for (index, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if current.isEmpty || index == 1 {
                current += (current.isEmpty ? "" : " ") + word
            } else if current.count + 1 + word.count > 76 {
                output += current + "\r\n"
                current = " " + word
            } else {
                current += " " + word
            }
        }
        return output + current + "\r\n"
    }

    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// The Date header's value: `Thu, 04 Dec 2026 04:10:42 +0000`.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
