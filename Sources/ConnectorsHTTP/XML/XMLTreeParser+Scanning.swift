extension XMLTreeParser {
    /// An error at the current position, with its line number.
    func error(_ kind: XMLParseError.Kind, _ reason: String) -> XMLParseError {
        let end = min(index, bytes.count)
        let line = 1 + bytes[..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return XMLParseError(kind, reason, line: line)
    }

    /// Whether the input continues with `literal` at the current position.
    func has(_ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { buffer in
            guard index + buffer.count <= bytes.count else { return false }
            for offset in 0..<buffer.count where bytes[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    /// Skips XML whitespace; returns whether any was skipped.
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = index
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        return index > start
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    mutating func expect(_ byte: UInt8, _ what: String) throws(XMLParseError) {
        guard index < bytes.count, bytes[index] == byte else { throw error(.syntax, "Expected \(what).") }
        index += 1
    }

    /// Reads a name (letters, digits, `_ : - .` and any non-ASCII character, not starting with a digit, `-` or `.`).
    mutating func readName() throws(XMLParseError) -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            let isStart = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x3A || byte >= 0x80
            let isOther = (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
            guard isStart || (index > start && isOther) else { break }
            index += 1
            guard index - start <= 1024 else { throw error(.limit, "A name is longer than 1024 bytes.") }
        }
        guard index > start else { throw error(.syntax, "Expected a name.") }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        guard !name.hasPrefix(":"), !name.hasSuffix(":"), name.split(separator: ":", omittingEmptySubsequences: false).count <= 2 else {
            throw error(.syntax, "The name '\(name)' is not a valid qualified name.")
        }
        return name
    }

    /// Reads a quoted attribute value, expanding references and normalizing whitespace to spaces.
    mutating func readAttributeValue() throws(XMLParseError) -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw error(.syntax, "Attribute values must be quoted.")
        }
        let quote = bytes[index]
        index += 1
        var value: [UInt8] = []
        while index < bytes.count, bytes[index] != quote {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "<"):
                throw error(.syntax, "'<' is not allowed in an attribute value.")
            case UInt8(ascii: "&"):
                value.append(contentsOf: try readReference())
            case 0x09, 0x0A:
                value.append(0x20)
                index += 1
            case 0x0D:
                value.append(0x20)
                index += 1
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
            default:
                guard byte >= 0x20 else { throw error(.syntax, "A control character is not allowed in XML.") }
                value.append(byte)
                index += 1
            }
        }
        guard index < bytes.count else { throw error(.syntax, "An attribute value is not closed.") }
        index += 1
        return String(decoding: value, as: UTF8.self)
    }

    /// Reads character data up to the next `<`, expanding references and normalizing line ends to LF.
    mutating func readText() throws(XMLParseError) -> String {
        var value: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: "<") {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "&"):
                value.append(contentsOf: try readReference())
            case 0x0D:
                value.append(0x0A)
                index += 1
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
            default:
                guard byte >= 0x20 || byte == 0x09 || byte == 0x0A else { throw error(.syntax, "A control character is not allowed in XML.") }
                value.append(byte)
                index += 1
            }
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// Reads `&name;` or `&#…;` and returns its UTF-8 bytes; only the five predefined entities are known.
    mutating func readReference() throws(XMLParseError) -> [UInt8] {
        index += 1  // &
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: ";"), index - start < 40 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { throw error(.syntax, "A '&' does not start a valid reference; write &amp; for '&'.") }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        switch name {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "apos": return [UInt8(ascii: "'")]
        case "quot": return [UInt8(ascii: "\"")]
        default: break
        }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let code: UInt32?
            if digits.hasPrefix("x") { code = UInt32(digits.dropFirst(), radix: 16) } else { code = UInt32(digits, radix: 10) }
            guard let code, Self.isXMLCharacter(code), let scalar = Unicode.Scalar(code) else {
                throw error(.syntax, "The character reference '&\(name);' is not a valid XML character.")
            }
            return Array(String(Character(scalar)).utf8)
        }
        throw error(
            .undeclaredEntity,
            "The document refers to the entity '&\(name);', which is not one of XML's five predefined entities; other entities are never declared or expanded.")
    }

    static func isXMLCharacter(_ code: UInt32) -> Bool {
        code == 0x9 || code == 0xA || code == 0xD || (0x20...0xD7FF).contains(code) || (0xE000...0xFFFD).contains(code)
            || (0x10000...0x10FFFF).contains(code)
    }

    /// Reads `<!-- … -->` and returns its content.
    mutating func parseComment() throws(XMLParseError) -> String {
        index += 4
        let start = index
        while index < bytes.count, !has("--") { index += 1 }
        guard has("-->") else { throw error(.syntax, index < bytes.count ? "'--' is not allowed inside a comment." : "A comment is not closed.") }
        let content = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 3
        return content
    }

    /// Reads `<![CDATA[ … ]]>` and returns its content, line ends normalized.
    mutating func parseCDATA() throws(XMLParseError) -> String {
        index += 9
        let start = index
        while index < bytes.count, !has("]]>") { index += 1 }
        guard index < bytes.count else { throw error(.syntax, "A CDATA section is not closed.") }
        let content = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 3
        return content.replacingCRLF()
    }

    /// Reads `<?target data?>`.
    mutating func parseProcessingInstruction() throws(XMLParseError) -> (String, String) {
        index += 2
        let target = try readName()
        skipWhitespace()
        let start = index
        while index < bytes.count, !has("?>") { index += 1 }
        guard index < bytes.count else { throw error(.syntax, "A processing instruction is not closed.") }
        let data = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 2
        return (target, data)
    }
}

extension String {
    /// Line ends normalized to LF, as XML parsers report them.
    func replacingCRLF() -> String {
        guard contains("\r") else { return self }
        var result = ""
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
                previousCR = true
            } else {
                if !(previousCR && scalar == "\n") { result.unicodeScalars.append(scalar) }
                previousCR = false
            }
        }
        return result
    }
}
