/// PostgreSQL's binary dates and times (counted from 2000-01-01) written as ISO 8601.
enum PostgreSQLTime {
    /// Days from 1970-01-01 to 2000-01-01.
    private static let epochDays: Int64 = 10957
    private static let microsPerDay: Int64 = 86_400_000_000

    /// `2024-02-29`; PostgreSQL's infinities as `infinity` and `-infinity`.
    static func date(days: Int32) -> String {
        if days == Int32.max { return "infinity" }
        if days == Int32.min { return "-infinity" }
        return civil(Int64(days) + epochDays)
    }

    /// `2024-02-29T13:45:00.123456`, with `Z` when the value is a timestamptz (always sent in UTC).
    static func timestamp(microseconds: Int64, zone: Bool) -> String {
        if microseconds == Int64.max { return "infinity" }
        if microseconds == Int64.min { return "-infinity" }
        var days = microseconds / microsPerDay
        var rest = microseconds % microsPerDay
        if rest < 0 {
            rest += microsPerDay
            days -= 1
        }
        return civil(days + epochDays) + "T" + time(microseconds: rest) + (zone ? "Z" : "")
    }

    /// `13:45:00` or `13:45:00.5`.
    static func time(microseconds: Int64) -> String {
        let seconds = microseconds / 1_000_000
        let fraction = microseconds % 1_000_000
        var text = two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60)
        if fraction != 0 {
            var digits = String(fraction).leftPadded(to: 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// `+05:30` for seconds east of UTC.
    static func offset(seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let value = abs(seconds)
        return sign + two(Int64(value / 3600)) + ":" + two(Int64(value / 60 % 60))
    }

    /// An ISO 8601 duration such as `P1Y2M3DT4H5M6.5S`; `PT0S` when empty.
    static func interval(microseconds: Int64, days: Int32, months: Int32) -> String {
        var text = "P"
        if months / 12 != 0 { text += "\(months / 12)Y" }
        if months % 12 != 0 { text += "\(months % 12)M" }
        if days != 0 { text += "\(days)D" }
        if microseconds != 0 {
            text += "T"
            let negative = microseconds < 0
            let value = abs(microseconds)
            let hours = value / 3_600_000_000
            let minutes = value / 60_000_000 % 60
            let micros = value % 60_000_000
            let sign = negative ? "-" : ""
            if hours != 0 { text += "\(sign)\(hours)H" }
            if minutes != 0 { text += "\(sign)\(minutes)M" }
            if micros != 0 {
                var seconds = String(micros / 1_000_000)
                if micros % 1_000_000 != 0 {
                    var digits = String(micros % 1_000_000).leftPadded(to: 6)
                    while digits.hasSuffix("0") { digits.removeLast() }
                    seconds += "." + digits
                }
                text += "\(sign)\(seconds)S"
            }
        }
        return text == "P" ? "PT0S" : text
    }

    private static func two(_ value: Int64) -> String { String(value).leftPadded(to: 2) }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    private static func civil(_ days: Int64) -> String {
        let (year, month, day) = CivilDate.date(days: days)
        let yearText = year < 0 ? "-" + String(-year).leftPadded(to: 4) : String(year).leftPadded(to: 4)
        return yearText + "-" + two(month) + "-" + two(day)
    }
}
