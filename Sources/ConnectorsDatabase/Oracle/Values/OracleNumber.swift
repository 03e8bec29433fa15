import Foundation

/// Oracle's NUMBER on the wire: an exponent byte (base 100, with the sign in its high bit) and up to 20 base-100
/// mantissa digits, each plus one (or, for negatives, subtracted from 101, ending with 102). Read as an exact decimal
/// string, never through a binary floating-point value.
enum OracleNumber {
    /// The plain decimal text of an encoded number (no exponent): `-12.5`, `0.001`, `123456789012345678901234567890`.
    static func decode(_ bytes: ArraySlice<UInt8>) throws -> String {
        guard let first = bytes.first, bytes.count <= 21 else { throw TTCDecodingError("a NUMBER of \(bytes.count) bytes") }
        let positive = first & 0x80 != 0
        if bytes.count == 1 { return positive ? "0" : "-1" + String(repeating: "0", count: 126) }
        let exponent = Int(positive ? first : ~first) - 193
        var mantissa = bytes.dropFirst()
        if !positive, mantissa.last == 102 { mantissa = mantissa.dropLast() }
        var digits: [UInt8] = []
        for byte in mantissa {
            let value = positive ? Int(byte) - 1 : 101 - Int(byte)
            guard (0...99).contains(value) else { throw TTCDecodingError("a NUMBER digit of \(value)") }
            digits.append(UInt8(value / 10))
            digits.append(UInt8(value % 10))
        }
        return text(digits: digits, pointIndex: (exponent + 1) * 2, negative: !positive)
    }

    /// Encodes a decimal string (`-12.50`, `1e3`, `42`); nil when it is not a number Oracle can hold.
    static func encode(_ text: String) -> [UInt8]? {
        guard let parsed = parse(text) else { return nil }
        var digits = parsed.digits
        var pointIndex = parsed.pointIndex
        if digits.isEmpty { return [128] }
        guard digits.count <= 40, pointIndex <= 126, pointIndex >= -129 else { return nil }
        if pointIndex % 2 != 0 {
            digits.insert(0, at: 0)
            pointIndex += 1
        }
        if digits.count % 2 != 0 { digits.append(0) }
        guard digits.count <= 40 else { return nil }
        let exponentByte = UInt8(truncatingIfNeeded: pointIndex / 2 + 192)
        var bytes: [UInt8] = [parsed.negative ? ~exponentByte : exponentByte]
        for pair in stride(from: 0, to: digits.count, by: 2) {
            let value = digits[pair] * 10 + digits[pair + 1]
            bytes.append(parsed.negative ? 101 - value : value + 1)
        }
        if parsed.negative, digits.count < 40 { bytes.append(102) }
        return bytes
    }

    /// The significant digits (no leading or trailing zeros) and where the decimal point falls among them.
    private static func parse(_ text: String) -> (negative: Bool, digits: [UInt8], pointIndex: Int)? {
        var characters = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if characters.first == "-" || characters.first == "+" {
            negative = characters.first == "-"
            characters = characters.dropFirst()
        }
        var exponent = 0
        if let e = characters.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(characters[characters.index(after: e)...]) else { return nil }
            exponent = value
            characters = characters[..<e]
        }
        let parts = characters.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !characters.isEmpty, characters != "." else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var digits = (whole + fraction).compactMap { $0.wholeNumberValue.map(UInt8.init) }
        var pointIndex = whole.count + exponent
        while digits.first == 0 {
            digits.removeFirst()
            pointIndex -= 1
        }
        while digits.last == 0 { digits.removeLast() }
        return (negative && !digits.isEmpty, digits, pointIndex)
    }

    /// Places the decimal point `pointIndex` digits into `digits` and trims the zeros that carry no value.
    private static func text(digits: [UInt8], pointIndex: Int, negative: Bool) -> String {
        var whole: [UInt8]
        var fraction: [UInt8]
        if pointIndex <= 0 {
            whole = []
            fraction = [UInt8](repeating: 0, count: -pointIndex) + digits
        } else if pointIndex >= digits.count {
            whole = digits + [UInt8](repeating: 0, count: pointIndex - digits.count)
            fraction = []
        } else {
            whole = Array(digits[..<pointIndex])
            fraction = Array(digits[pointIndex...])
        }
        while whole.first == 0 { whole.removeFirst() }
        while fraction.last == 0 { fraction.removeLast() }
        if whole.isEmpty && fraction.isEmpty { return "0" }
        var result = negative ? "-" : ""
        result += whole.isEmpty ? "0" : String(whole.map { Character(String($0)) })
        if !fraction.isEmpty { result += "." + String(fraction.map { Character(String($0)) }) }
        return result
    }
}
