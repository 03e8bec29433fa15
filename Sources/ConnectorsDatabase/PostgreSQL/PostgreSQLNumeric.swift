import NIOCore

/// PostgreSQL's binary `numeric` as an exact decimal string: every digit and the declared scale kept.
enum PostgreSQLNumeric {
    /// The value's text (`-12.3400`, `NaN`, `Infinity`), or nil when the bytes are not a numeric.
    static func string(_ buffer: inout ByteBuffer) -> String? {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
            let sign = buffer.readInteger(as: UInt16.self), let scale = buffer.readInteger(as: UInt16.self), count >= 0
        else { return nil }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        var digits: [Int16] = []
        for _ in 0..<count {
            guard let digit = buffer.readInteger(as: Int16.self) else { return nil }
            digits.append(digit)
        }
        func group(_ index: Int) -> Int16 { index >= 0 && index < digits.count ? digits[index] : 0 }
        var text = sign == 0x4000 ? "-" : ""
        if weight >= 0 {
            for index in 0...Int(weight) {
                let digit = String(group(index))
                text += index == 0 ? digit : digit.leftPadded(to: 4)
            }
        } else {
            text += "0"
        }
        if scale > 0 {
            var fraction = ""
            var index = Int(weight) + 1
            while fraction.count < Int(scale) {
                fraction += String(group(index)).leftPadded(to: 4)
                index += 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        return text == "-0" ? "0" : text
    }
}
