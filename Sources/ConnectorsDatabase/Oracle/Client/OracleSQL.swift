import PlugboardCore

/// SQL text read the way Oracle reads it, to find the `:name` placeholders (outside string literals, `q'[…]'`
/// quotes, quoted identifiers and comments) and the first keyword. The SQL is sent as written; values go separately.
struct OracleSQL: Sendable, Equatable {
    let text: String
    /// Placeholder names in order of appearance: repeated in SQL (each use is a position of its own), once in PL/SQL.
    let bindNames: [String]
    let kind: OracleStatementKind
    /// The first word, upper case (`SELECT`, `BEGIN`); empty for SQL with none.
    let firstKeyword: String

    init(_ text: String) throws(ConnectorError) {
        let (names, keyword) = try Self.scan(text)
        self.init(text: text, names: names, keyword: keyword)
    }

    /// SQL written in the code, known to scan.
    init(verified text: String) {
        let scanned = try? Self.scan(text)
        self.init(text: text, names: scanned?.names ?? [], keyword: scanned?.keyword ?? "")
    }

    private init(text: String, names: [String], keyword: String) {
        self.text = text
        firstKeyword = keyword
        kind = OracleStatementKind(firstKeyword: keyword)
        if kind == .plsql {
            var seen = Set<String>()
            bindNames = names.filter { seen.insert($0).inserted }
        } else {
            bindNames = names
        }
    }

    private static func scan(_ text: String) throws(ConnectorError) -> (names: [String], keyword: String) {
        let bytes = Array(text.utf8)
        var names: [String] = []
        var keyword: String?
        var index = 0
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        let isWordByte = Self.isWordByte
        while index < bytes.count {
            let byte = bytes[index]
            if let literalEnd = try Self.prefixedLiteralEnd(bytes, at: index) {
                index = literalEnd
                continue
            }
            switch byte {
            case UInt8(ascii: "-") where at(1) == UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] != 10 { index += 1 }
            case UInt8(ascii: "/") where at(1) == UInt8(ascii: "*"):
                guard let end = Self.find([42, 47], in: bytes, from: index + 2) else { throw Self.unterminated("comment") }
                index = end + 2
            case 39:
                index = try Self.skipLiteral(bytes, from: index)
            case 34:
                guard let end = Self.find([34], in: bytes, from: index + 1) else { throw Self.unterminated("quoted identifier") }
                index = end + 1
            case UInt8(ascii: ":") where at(1) == 34:
                guard let end = Self.find([34], in: bytes, from: index + 2) else { throw Self.unterminated("quoted bind name") }
                names.append(String(decoding: bytes[(index + 2)..<end], as: UTF8.self))
                index = end + 1
            case UInt8(ascii: ":") where isWordByte(at(1)) && !(index > 0 && isWordByte(bytes[index - 1])):
                var end = index + 1
                while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
                names.append(String(decoding: bytes[(index + 1)..<end], as: UTF8.self).uppercased())
                index = end
            default:
                if keyword == nil, isWordByte(byte), !(byte >= 48 && byte <= 57) {
                    var end = index
                    while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
                    keyword = String(decoding: bytes[index..<end], as: UTF8.self)
                    index = end
                } else {
                    index += 1
                }
            }
        }
        return (names, (keyword ?? "").uppercased())
    }

    /// The end of an `N'…'`, `q'[…]'` or `nq'…'` literal starting at `index`, or nil when none starts there.
    private static func prefixedLiteralEnd(_ bytes: [UInt8], at index: Int) throws(ConnectorError) -> Int? {
        if index > 0, isWordByte(bytes[index - 1]) { return nil }
        var position = index
        if bytes[position] | 0x20 == UInt8(ascii: "n") { position += 1 }
        if position + 1 < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "q"), bytes[position + 1] == 39 {
            guard position + 2 < bytes.count else { throw unterminated("q-quoted literal") }
            let open = bytes[position + 2]
            let close: UInt8 = switch open { case 91: 93; case 123: 125; case 40: 41; case 60: 62; default: open }
            guard let end = find([close, 39], in: bytes, from: position + 3) else { throw unterminated("q-quoted literal") }
            return end + 2
        }
        if position > index, position < bytes.count, bytes[position] == 39 { return try skipLiteral(bytes, from: position) }
        return nil
    }

    static func isWordByte(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= 0x80 || (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
            || byte == 95 || byte == 36 || byte == 35
    }

    private static func skipLiteral(_ bytes: [UInt8], from start: Int) throws(ConnectorError) -> Int {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == 39 {
                if index + 1 < bytes.count, bytes[index + 1] == 39 { index += 2; continue }
                return index + 1
            }
            index += 1
        }
        throw unterminated("string literal")
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if Array(bytes[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }

    private static func unterminated(_ what: String) -> ConnectorError {
        .invalidInput("The SQL has an unterminated \(what).", field: "sql")
    }
}
