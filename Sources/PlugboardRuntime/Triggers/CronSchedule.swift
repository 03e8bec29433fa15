import Foundation
import PlugboardCore

/// A five-field cron expression (`minute hour day-of-month month day-of-week`) read in a time zone, as Unix cron reads
/// it: `*`, values, ranges `a-b`, steps `*/n` and `a-b/n`, lists joined by commas, month and day names (`JAN`,
/// `MON-FRI`), `7` for Sunday, and the macros `@hourly`, `@daily` (`@midnight`), `@weekly`, `@monthly` and `@yearly`
/// (`@annually`). When both day fields are restricted a day matches either, as in Vixie cron.
///
/// A local time that a daylight-saving change skips does not fire that day; one that it repeats fires at its first
/// occurrence only.
public struct CronSchedule: Sendable, Hashable {
    /// The expression as written.
    public let expression: String
    /// The zone its times are read in.
    public let timeZone: TimeZone
    private let minutes: Set<Int>
    private let hours: Set<Int>
    private let days: Set<Int>
    private let months: Set<Int>
    private let weekdays: Set<Int>
    private let daysRestricted: Bool
    private let weekdaysRestricted: Bool

    private static let macros = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]
    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// Parses `expression`; `field` names it in errors.
    public init(_ expression: String, timeZone: TimeZone, field: String = "cron") throws(ConnectorError) {
        self.expression = expression
        self.timeZone = timeZone
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        let text = Self.macros[trimmed.lowercased()] ?? trimmed
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 5 else {
            throw ConnectorError.invalidInput(
                "'\(expression)' is not a five-field cron expression (minute hour day-of-month month day-of-week), such as '*/15 * * * *' or '0 9 * * MON-FRI'.",
                field: field)
        }
        minutes = try Self.values(parts[0], in: 0...59, names: [], name: "minute", field: field)
        hours = try Self.values(parts[1], in: 0...23, names: [], name: "hour", field: field)
        days = try Self.values(parts[2], in: 1...31, names: [], name: "day of the month", field: field)
        months = try Self.values(parts[3], in: 1...12, names: Self.monthNames, name: "month", field: field)
        weekdays = Set(try Self.values(parts[4], in: 0...7, names: Self.dayNames, name: "day of the week", field: field).map { $0 % 7 })
        daysRestricted = parts[2] != "*" && parts[2] != "?"
        weekdaysRestricted = parts[4] != "*" && parts[4] != "?"
    }

    /// The first time after `date` the expression matches, to the minute; nil when none comes within eight years
    /// (`0 0 30 2 *`).
    public func next(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let limit = date.addingTimeInterval(8 * 366 * 86_400)
        var candidate = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60)
        while candidate <= limit {
            let local = calendar.dateComponents([.month, .day, .weekday, .hour, .minute], from: candidate)
            guard let month = local.month, let day = local.day, let weekday = local.weekday, let hour = local.hour,
                let minute = local.minute
            else { return nil }
            if !months.contains(month) || !matchesDay(day, weekday: weekday - 1) {
                // On to the next local midnight.
                guard let midnight = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: candidate)) else { return nil }
                candidate = midnight
            } else if !hours.contains(hour) {
                candidate = candidate.addingTimeInterval(Double(60 - minute) * 60)
            } else if !minutes.contains(minute) || isRepeated(candidate, hour: hour, minute: minute, in: calendar) {
                candidate = candidate.addingTimeInterval(60)
            } else {
                return candidate
            }
        }
        return nil
    }

    /// Whether this local time already happened an hour earlier: the second pass through an hour that a
    /// daylight-saving change repeats.
    private func isRepeated(_ date: Date, hour: Int, minute: Int, in calendar: Calendar) -> Bool {
        let earlier = calendar.dateComponents([.hour, .minute], from: date.addingTimeInterval(-3600))
        return earlier.hour == hour && earlier.minute == minute
    }

    private func matchesDay(_ day: Int, weekday: Int) -> Bool {
        switch (daysRestricted, weekdaysRestricted) {
        case (true, true): return days.contains(day) || weekdays.contains(weekday)
        case (true, false): return days.contains(day)
        case (false, true): return weekdays.contains(weekday)
        case (false, false): return true
        }
    }

    /// The values one field allows.
    private static func values(
        _ text: String, in range: ClosedRange<Int>, names: [String], name: String, field: String
    ) throws(ConnectorError) -> Set<Int> {
        func refuse(_ why: String) -> ConnectorError {
            .invalidInput("The \(name) field '\(text)' \(why); it takes \(range.lowerBound)–\(range.upperBound).", field: field)
        }
        func number(_ token: Substring) throws(ConnectorError) -> Int {
            if let index = names.firstIndex(of: token.uppercased()) { return index + (range.lowerBound == 1 ? 1 : 0) }
            guard let value = Int(token), range.contains(value) else { throw refuse("has '\(token)', which is out of range or not a number") }
            return value
        }
        var allowed = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = item.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let spanText = pieces.first, !spanText.isEmpty else { throw refuse("is malformed") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw refuse("has a step that is not a positive number") }
                step = parsed
            }
            let span: ClosedRange<Int>
            if spanText == "*" || spanText == "?" {
                span = range
            } else if let dash = spanText.firstIndex(of: "-") {
                let low = try number(spanText[..<dash])
                let high = try number(spanText[spanText.index(after: dash)...])
                guard low <= high else { throw refuse("has a range that runs backwards") }
                span = low...high
            } else {
                let value = try number(spanText)
                span = pieces.count == 2 ? value...range.upperBound : value...value
            }
            allowed.formUnion(stride(from: span.lowerBound, through: span.upperBound, by: step))
        }
        return allowed
    }
}
