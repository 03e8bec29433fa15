import Foundation

/// ISO 8601 timestamps as the API and store write them: UTC with milliseconds.
public enum ISO8601 {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()

    /// The date in UTC with milliseconds, such as `2024-05-01T12:00:00.000Z`.
    public static func string(from date: Date) -> String {
        date.formatted(withFraction)
    }

    /// Parses with or without fractional seconds; nil when the text is not a date-time.
    public static func date(from string: String) -> Date? {
        (try? withFraction.parse(string)) ?? (try? withoutFraction.parse(string))
    }
}
