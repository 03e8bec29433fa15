import PlugboardCore

/// SQL text read the way PostgreSQL's lexer reads it, so that only real `@name` parameters are replaced and
/// statement boundaries are found outside literals, quoted identifiers, dollar-quoted bodies and comments.
public struct SQLText: Sendable, Hashable {
    /// The SQL with each `@name` replaced by its positional parameter (`$1`, `$2`, …).
    public var positional: String
    /// Parameter names in positional order; a name used twice is bound once.
    public var parameterNames: [String]
    /// Statements that hold something besides whitespace and comments.
    public var statementCount: Int
    /// The first two words of the first statement, uppercased (`["BEGIN", "READ"]`), for transaction-control checks.
    public var leadingWords: [String]

    /// Reads `sql`; throws `invalid_input` for an unterminated literal, identifier, dollar quote or comment.
    public init(_ sql: String) throws(ConnectorError) {
        var scanner = Scanner(bytes: Array(sql.utf8))
        try scanner.run()
        self.positional = String(decoding: scanner.output, as: UTF8.self)
        self.parameterNames = scanner.names
        self.statementCount = scanner.statements + (scanner.currentHasContent ? 1 : 0)
        self.leadingWords = scanner.leadingWords
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var output: [UInt8] = []
        var names: [String] = []
        var statements = 0
        var currentHasContent = false
        var leadingWords: [String] = []
        var collectingWords = true

        init(bytes: [UInt8]) {
            self.bytes = bytes
            output.reserveCapacity(bytes.count + 8)
        }

        mutating func run() throws(ConnectorError) {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "'"):
                    content()
                    let escapes = index > 0 && (bytes[index - 1] | 0x20) == UInt8(ascii: "e") && !isIdentifier(at: index - 2)
                    try copyQuoted(UInt8(ascii: "'"), backslashEscapes: escapes, what: "string literal")
                case UInt8(ascii: "\""):
                    content()
                    try copyQuoted(UInt8(ascii: "\""), backslashEscapes: false, what: "quoted identifier")
                case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { copy() }
                case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                    try copyBlockComment()
                case UInt8(ascii: "$") where !isIdentifier(at: index - 1):
                    content()
                    if let next = peek(1), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
                        throw .invalidInput("Positional parameters ($1) are not used here; write @name and give its value in variables.", field: "sql")
                    }
                    if let tag = dollarTag() { try copyDollarQuoted(tag) } else { copy() }
                case UInt8(ascii: "@") where isIdentifierStart(peek(1)) && !isIdentifier(at: index - 1) && peekBack() != UInt8(ascii: "@"):
                    content()
                    replaceParameter()
                case UInt8(ascii: ";"):
                    if currentHasContent { statements += 1 }
                    currentHasContent = false
                    collectingWords = false
                    copy()
                default:
                    if !isSpace(byte) { content() }
                    if collectingWords, isIdentifierStart(byte), !isIdentifier(at: index - 1) { readWord() } else { copy() }
                }
            }
        }

        private mutating func content() {
            currentHasContent = true
        }

        private func peek(_ offset: Int) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        private func peekBack() -> UInt8? { index > 0 ? bytes[index - 1] : nil }

        private mutating func copy() {
            output.append(bytes[index])
            index += 1
        }

        private func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
        }

        private func isIdentifierStart(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_") || byte >= 0x80
        }

        private func isIdentifier(at position: Int) -> Bool {
            guard position >= 0, position < bytes.count else { return false }
            let byte = bytes[position]
            return isIdentifierStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "$")
        }

        private mutating func readWord() {
            let start = index
            while index < bytes.count, isIdentifier(at: index), bytes[index] != UInt8(ascii: "$") { copy() }
            if leadingWords.count < 2 {
                leadingWords.append(String(decoding: bytes[start..<index], as: UTF8.self).uppercased())
            }
            if leadingWords.count == 2 { collectingWords = false }
        }

        private mutating func copyQuoted(_ quote: UInt8, backslashEscapes: Bool, what: String) throws(ConnectorError) {
            copy()
            while index < bytes.count {
                let byte = bytes[index]
                if backslashEscapes, byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    copy()
                    copy()
                } else if byte == quote {
                    copy()
                    if index < bytes.count, bytes[index] == quote { copy() } else { return }
                } else {
                    copy()
                }
            }
            throw unterminated(what)
        }

        private mutating func copyBlockComment() throws(ConnectorError) {
            var depth = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                    depth += 1
                    copy()
                    copy()
                } else if bytes[index] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                    depth -= 1
                    copy()
                    copy()
                    if depth == 0 { return }
                } else {
                    copy()
                }
            }
            throw unterminated("block comment")
        }

        /// The `$tag$` opening at `index`, if it is one (`$1` is a positional parameter, not a quote).
        private func dollarTag() -> [UInt8]? {
            var end = index + 1
            if end < bytes.count, bytes[end] == UInt8(ascii: "$") { return [UInt8(ascii: "$"), UInt8(ascii: "$")] }
            guard isIdentifierStart(end < bytes.count ? bytes[end] : nil) else { return nil }
            while end < bytes.count, isIdentifier(at: end), bytes[end] != UInt8(ascii: "$") { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: "$") else { return nil }
            return Array(bytes[index...end])
        }

        private mutating func copyDollarQuoted(_ tag: [UInt8]) throws(ConnectorError) {
            for _ in tag { copy() }
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "$"), index + tag.count <= bytes.count, Array(bytes[index..<index + tag.count]) == tag {
                    for _ in tag { copy() }
                    return
                }
                copy()
            }
            throw unterminated("dollar-quoted string")
        }

        private mutating func replaceParameter() {
            let start = index + 1
            var end = start
            while end < bytes.count, isIdentifier(at: end), bytes[end] != UInt8(ascii: "$") { end += 1 }
            let name = String(decoding: bytes[start..<end], as: UTF8.self)
            let position: Int
            if let existing = names.firstIndex(of: name) {
                position = existing + 1
            } else {
                names.append(name)
                position = names.count
            }
            output.append(contentsOf: Array("$\(position)".utf8))
            index = end
        }

        private func unterminated(_ what: String) -> ConnectorError {
            .invalidInput("The SQL has an unterminated \(what).", field: "sql")
        }
    }
}
