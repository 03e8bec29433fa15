/// DATE (7 bytes: century and year plus 100, month, day, hour, minute and second plus 1), TIMESTAMP (11 bytes: the
/// same and nanoseconds, big-endian) and TIMESTAMP WITH TIME ZONE (13 bytes: in UTC, then the offset's hours plus 20
/// and minutes plus 60). Read as ISO 8601 text; TIMESTAMP WITH TIME ZONE in the value's own offset.
struct OracleDateTime: Equatable {
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    var nanosecond: Int = 0
    /// The offset from UTC in minutes, for values with a time zone.
    var offsetMinutes: Int?

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int = 0, offsetMinutes: Int? = nil) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        self.nanosecond = nanosecond
        self.offsetMinutes = offsetMinutes
    }

    init(wire bytes: ArraySlice<UInt8>) throws {
        let b = Array(bytes)
        guard b.count >= 7 else { throw TTCDecodingError("a date of \(b.count) bytes") }
        year = (Int(b[0]) - 100) * 100 + Int(b[1]) - 100
        month = Int(b[2])
        day = Int(b[3])
        hour = Int(b[4]) - 1
        minute = Int(b[5]) - 1
        second = Int(b[6]) - 1
        if b.count >= 11 { nanosecond = Int(b[7]) << 24 | Int(b[8]) << 16 | Int(b[9]) << 8 | Int(b[10]) }
        if b.count >= 13, b[11] != 0, b[12] != 0 {
            guard b[11] & 0x80 == 0 else {
                throw OracleValueError("a TIMESTAMP WITH TIME ZONE in a named time zone region; select it with TO_CHAR or SYS_EXTRACT_UTC")
            }
            offsetMinutes = (Int(b[11]) - 20) * 60 + Int(b[12]) - 60
        }
    }

    /// `2024-03-05T14:30:00`, with `.ffffff` when `fraction`, in the local time of the offset with it (`+05:00`).
    func iso8601(fraction: Bool) -> String {
        var local = self
        if let offset = offsetMinutes { local = shifted(byMinutes: offset) }
        var text = "\(pad(local.year, 4))-\(pad(local.month))-\(pad(local.day))T\(pad(local.hour)):\(pad(local.minute)):\(pad(local.second))"
        if fraction { text += "." + pad(local.nanosecond / 1000, 6) }
        if let offset = offsetMinutes {
            let sign = offset < 0 ? "-" : "+"
            text += "\(sign)\(pad(abs(offset) / 60)):\(pad(abs(offset) % 60))"
        }
        return text
    }

    /// Parses `YYYY-MM-DD[THH:MM[:SS[.fffffffff]]][Z|±HH:MM]`; the value is kept in UTC when it has an offset.
    init?(iso8601 text: String) {
        let chars = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= chars.count else { return nil }
            var value = 0
            for c in chars[start..<(start + count)] {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = number(0, 4), chars.count >= 10, chars[4] == 45, chars[7] == 45,
            let month = number(5, 2), let day = number(8, 2)
        else { return nil }
        var value = OracleDateTime(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var index = 10
        if index < chars.count, chars[index] == UInt8(ascii: "T") || chars[index] == UInt8(ascii: " ") {
            guard let hour = number(index + 1, 2), chars.count > index + 3, chars[index + 3] == 58, let minute = number(index + 4, 2) else { return nil }
            (value.hour, value.minute) = (hour, minute)
            index += 6
            if index < chars.count, chars[index] == 58 {
                guard let second = number(index + 1, 2) else { return nil }
                value.second = second
                index += 3
            }
            if index < chars.count, chars[index] == 46 {
                var digits = 0
                index += 1
                while index < chars.count, chars[index] >= 48, chars[index] <= 57, digits < 9 {
                    value.nanosecond = value.nanosecond * 10 + Int(chars[index] - 48)
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<9 { value.nanosecond *= 10 }
            }
        }
        if index < chars.count {
            if chars[index] == UInt8(ascii: "Z"), index + 1 == chars.count {
                value.offsetMinutes = 0
            } else if chars[index] == 43 || chars[index] == 45, let hours = number(index + 1, 2), chars.count == index + 6,
                chars[index + 3] == 58, let minutes = number(index + 4, 2)
            {
                let offset = (hours * 60 + minutes) * (chars[index] == 45 ? -1 : 1)
                value = value.shifted(byMinutes: -offset)
                value.offsetMinutes = offset
            } else {
                return nil
            }
        }
        guard (1...12).contains(value.month), (1...31).contains(value.day), value.hour < 24, value.minute < 60, value.second < 60 else { return nil }
        self = value
    }

    /// DATE bytes (7), TIMESTAMP bytes (11) or TIMESTAMP WITH TIME ZONE bytes (13).
    func wire(length: Int) -> [UInt8] {
        var bytes: [UInt8] = [
            UInt8(year / 100 + 100), UInt8(year % 100 + 100), UInt8(month), UInt8(day),
            UInt8(hour + 1), UInt8(minute + 1), UInt8(second + 1),
        ]
        guard length > 7 else { return bytes }
        bytes += [UInt8(nanosecond >> 24 & 0xFF), UInt8(nanosecond >> 16 & 0xFF), UInt8(nanosecond >> 8 & 0xFF), UInt8(nanosecond & 0xFF)]
        guard length > 11 else { return bytes }
        let offset = offsetMinutes ?? 0
        let hours = offset >= 0 ? offset / 60 : -((-offset) / 60)
        let minutes = offset - hours * 60
        bytes += [UInt8(hours + 20), UInt8(minutes + 60)]
        return bytes
    }

    /// The same instant's wall-clock fields `minutes` later (the offset itself is kept).
    func shifted(byMinutes minutes: Int) -> OracleDateTime {
        var days = Int(CivilDate.days(year: Int64(year), month: Int64(month), day: Int64(day)))
        let total = hour * 60 + minute + minutes
        days += Int((Double(total) / 1440).rounded(.down))
        let clock = ((total % 1440) + 1440) % 1440
        let date = CivilDate.date(days: Int64(days))
        var result = self
        (result.year, result.month, result.day) = (Int(date.year), Int(date.month), Int(date.day))
        (result.hour, result.minute) = (clock / 60, clock % 60)
        return result
    }

    private func pad(_ value: Int, _ width: Int = 2) -> String { String(value).leftPadded(to: width) }
}

/// A value that cannot be read or bound.
struct OracleValueError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
