import Foundation
import PlugboardCore

/// The times actions take, as Calendar wants them: an event's start and end (`{date}` for a whole day,
/// `{dateTime, timeZone}` otherwise) and a list's bounds (RFC 3339 with an offset).
enum GoogleCalendarTime {
    private static var day: Regex<Substring> { /^\d{4}-\d{2}-\d{2}$/ }
    /// The date and minute, the seconds (with a fraction), the offset.
    private static var moment: Regex<(Substring, Substring, Substring?, Substring?)> {
        /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/
    }

    /// An event's start or end from `text`: `2026-12-07` (all day) or `2026-12-07T10:00:00+01:00`; a time without an
    /// offset needs `timeZone` (an IANA name), which is sent with it either way.
    static func eventTime(_ text: String, timeZone: String?, field: String) throws(ConnectorError) -> JSONValue {
        if text.wholeMatch(of: day) != nil { return ["date": .string(text)] }
        guard let match = text.wholeMatch(of: moment) else {
            throw .invalidInput("'\(text)' is neither a date (2026-12-07) nor a date and time (2026-12-07T10:00:00+01:00).", field: field)
        }
        guard match.output.3 != nil || timeZone != nil else {
            throw .invalidInput("'\(text)' has no offset: add one (Z, +01:00) or give timeZone (such as Europe/Berlin).", field: field)
        }
        var value: JSONObject = ["dateTime": .string("\(match.output.1)\(match.output.2 ?? ":00")\(match.output.3 ?? "")")]
        if let timeZone { value["timeZone"] = .string(timeZone) }
        return .object(value)
    }

    /// The end an event gets when none is given: the next day for a whole day, an hour later otherwise.
    static func defaultEnd(after start: JSONValue) -> JSONValue {
        if let date = start["date"]?.stringValue, let next = shifted(date + "T00:00:00", by: 86_400) {
            return ["date": .string(String(next.prefix(10)))]
        }
        guard var object = start.objectValue, let text = start["dateTime"]?.stringValue, text.count >= 19,
            let later = shifted(String(text.prefix(19)), by: 3_600)
        else { return start }
        object["dateTime"] = .string(later + text.dropFirst(19).drop { $0 == "." || $0.isNumber })
        return .object(object)
    }

    /// A list's bound: a date is its midnight in UTC; a date and time needs an offset.
    static func bound(_ text: String, field: String) throws(ConnectorError) -> String {
        if text.wholeMatch(of: day) != nil { return text + "T00:00:00Z" }
        guard let match = text.wholeMatch(of: moment), let offset = match.output.3 else {
            throw .invalidInput("'\(text)' is not a date (2026-12-07) or a date and time with an offset (2026-12-07T10:00:00Z).", field: field)
        }
        return "\(match.output.1)\(match.output.2 ?? ":00")\(offset)"
    }

    /// `yyyy-MM-ddTHH:mm:ss` read as a clock reading and moved by `seconds`, written the same way.
    private static func shifted(_ reading: String, by seconds: TimeInterval) -> String? {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return format.date(from: reading).map { format.string(from: $0.addingTimeInterval(seconds)) }
    }
}
