import Foundation
import PlugboardCore
import PlugboardRuntime
import Testing

@Suite struct CronScheduleTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// A moment written as local time in `zone`.
    static func at(_ text: String, _ zone: TimeZone = utc) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    func next(_ expression: String, after text: String, _ zone: TimeZone = utc) throws -> Date? {
        try CronSchedule(expression, timeZone: zone).next(after: Self.at(text, zone))
    }

    @Test func fieldsStepsRangesListsAndNames() throws {
        #expect(try next("*/15 * * * *", after: "2026-12-03 10:07") == Self.at("2026-12-03 10:15"))
        #expect(try next("*/15 * * * *", after: "2026-12-03 10:15") == Self.at("2026-12-03 10:30"))
        #expect(try next("0 9 * * MON-FRI", after: "2026-12-04 10:00") == Self.at("2026-12-07 09:00"))  // Friday to Monday
        #expect(try next("5,35 8-9 * * *", after: "2026-12-03 09:35") == Self.at("2026-12-04 08:05"))
        #expect(try next("0 0 1 jan *", after: "2026-12-03 00:00") == Self.at("2027-01-01 00:00"))
        #expect(try next("0 12 * * 7", after: "2026-12-03 00:00") == Self.at("2026-12-06 12:00"))  // 7 is Sunday
        #expect(try next("10-20/5 * * * *", after: "2026-12-03 10:16") == Self.at("2026-12-03 10:20"))
    }

    @Test func macrosAndRareDates() throws {
        #expect(try next("@hourly", after: "2026-12-03 10:07") == Self.at("2026-12-03 11:00"))
        #expect(try next("@monthly", after: "2026-12-03 10:07") == Self.at("2027-01-01 00:00"))
        #expect(try next("0 0 29 2 *", after: "2026-03-01 00:00") == Self.at("2028-02-29 00:00"))
        #expect(try next("0 0 30 2 *", after: "2026-03-01 00:00") == nil)
    }

    @Test func bothDayFieldsMatchEitherAsInVixieCron() throws {
        // The 13th, or any Friday: after Thursday 3 December 2026 comes Friday the 4th.
        #expect(try next("0 0 13 * FRI", after: "2026-12-03 12:00") == Self.at("2026-12-04 00:00"))
        #expect(try next("0 0 13 * *", after: "2026-12-03 12:00") == Self.at("2026-12-13 00:00"))
    }

    @Test func timesAreReadInTheSchedulesZone() throws {
        let almaty = try #require(TimeZone(identifier: "Asia/Almaty"))
        let fire = try #require(try next("0 9 * * *", after: "2026-12-03 10:00", almaty))
        #expect(fire == Self.at("2026-12-04 09:00", almaty))
        #expect(fire != Self.at("2026-12-04 09:00"))
    }

    @Test func daylightSavingSkipsAMissingTimeAndFiresARepeatedOneOnce() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // 8 March 2026: 02:00 jumps to 03:00, so 02:30 does not exist that day.
        #expect(try next("30 2 * * *", after: "2026-03-07 03:00", newYork) == Self.at("2026-03-09 02:30", newYork))
        // 1 November 2026: 01:00–02:00 happens twice; 01:30 fires at its first pass only.
        let first = try #require(try next("30 1 * * *", after: "2026-11-01 00:00", newYork))
        let after = try #require(try CronSchedule("30 1 * * *", timeZone: newYork).next(after: first))
        #expect(after == Self.at("2026-11-02 01:30", newYork))
    }

    @Test(arguments: ["* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "* * * FOO *", "1,,2 * * * *"])
    func malformedExpressionsAreRefused(expression: String) {
        let error = #expect(throws: ConnectorError.self) { try CronSchedule(expression, timeZone: Self.utc, field: "options.cron") }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "options.cron")
    }

    @Test func aMissedTickFiresOnceAtStart() throws {
        let hourly = TriggerSchedule.cron(try CronSchedule("0 * * * *", timeZone: Self.utc))
        // Down from 10:30 to 15:10: five ticks missed, one firing.
        let resumed = hourly.resume(lastFired: Self.at("2026-12-03 10:00"), now: Self.at("2026-12-03 15:10"))
        #expect(resumed.fireNow)
        #expect(resumed.next == Self.at("2026-12-03 16:00"))
        let onTime = hourly.resume(lastFired: Self.at("2026-12-03 15:00"), now: Self.at("2026-12-03 15:10"))
        #expect(!onTime.fireNow)
        #expect(onTime.next == Self.at("2026-12-03 16:00"))
        let fresh = TriggerSchedule.every(.seconds(30)).resume(lastFired: nil, now: Self.at("2026-12-03 15:10"))
        #expect(!fresh.fireNow)
        #expect(fresh.next == Self.at("2026-12-03 15:10").addingTimeInterval(30))
    }
}
