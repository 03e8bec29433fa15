import PlugboardCore

/// Splits GraphQL text into the tokens `GraphQLDocument` needs: names and punctuators; strings, numbers and
/// comments are read whole so nothing inside them is mistaken for structure.
struct GraphQLTokenizer {
    /// One lexical token.
    enum Token: Equatable {
        /// A name such as `query`, `user` or `__typename`.
        case name(String)
        /// One of `{ } ( ) [ ] : = @ $ ! | &` or the `...` spread (reported as `.`).
        case punctuator(UInt8)
        /// A string, block string or number.
        case value
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// The next token, or nil at the end; throws `invalid_input` for an unterminated string.
    mutating func next() throws(ConnectorError) -> Token? {
        skipIgnored()
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        if Self.isNameStart(byte) {
            let start = index
            while index < bytes.count, Self.isNameStart(bytes[index]) || Self.isDigit(bytes[index]) { index += 1 }
            return .name(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        if byte == UInt8(ascii: "\"") {
            try skipString()
            return .value
        }
        if Self.isDigit(byte) || byte == UInt8(ascii: "-") {
            index += 1
            while index < bytes.count, Self.isNumberPart(bytes[index]) { index += 1 }
            return .value
        }
        if byte == UInt8(ascii: "."), index + 2 < bytes.count, bytes[index + 1] == byte, bytes[index + 2] == byte {
            index += 3
            return .punctuator(byte)
        }
        index += 1
        return .punctuator(byte)
    }

    /// Skips white space, commas, a byte order mark and `#` comments.
    private mutating func skipIgnored() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","):
                index += 1
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF:
                index += 3
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") { index += 1 }
            default:
                return
            }
        }
    }

    /// Skips a `"string"` with escapes or a `"""block string"""` in which only `\"""` is escaped.
    private mutating func skipString() throws(ConnectorError) {
        let quote = UInt8(ascii: "\"")
        if index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote {
            index += 3
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\\"), index + 3 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote,
                    bytes[index + 3] == quote
                {
                    index += 4
                } else if bytes[index] == quote, index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote {
                    index += 3
                    return
                } else {
                    index += 1
                }
            }
            throw .invalidInput("The document is not valid GraphQL: a block string \"\"\" is not closed.", field: "query")
        }
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case quote:
                index += 1
                return
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw .invalidInput("The document is not valid GraphQL: a string runs past the end of its line.", field: "query")
            default: index += 1
            }
        }
        throw .invalidInput("The document is not valid GraphQL: a string is not closed.", field: "query")
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isNumberPart(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-")
    }
}
