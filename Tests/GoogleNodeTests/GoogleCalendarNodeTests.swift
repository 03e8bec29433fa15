import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `google-calendar` node through Plugboard's API against the Google double's Calendar v3, which
/// google-api-python-client proved first (scripts/services/google.sh, prove_calendar_double.py).
@Suite struct GoogleCalendarNodeTests {
    static let scope = "https://www.googleapis.com/auth/calendar"

    @Test func everyEventOperation() async throws {
        let google = try await GoogleFixture(scope: Self.scope)
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await google.connector(api, type: "google-calendar", name: "calendar")
            let run = { (action: String, input: JSONValue) in try await google.run(api, action, input, on: "calendar") }
            var answers: [String] = []
            let test = try await api.call(.post, "/api/v1/applications/mail/connectors/calendar/test")
            #expect(test.json["details"]?["id"]?.stringValue == google.email, "\(test.text)")
            let team = try await google.google.addCalendar(of: google.email, summary: "Team")
            let calendars = try await run("list_calendars", [:])
            #expect(calendars.output["count"] == 2 && calendars.output["calendars"]?.arrayValue?.contains { $0["primary"] == true } == true, "\(calendars.text)")
            #expect(try await run("get_calendar", ["calendarId": .string(team)]).output["summary"] == "Team")

            // Create: a timed event with guests, a whole day, a weekly series, an end left to its default.
            let review = try await run("create_event", [
                "summary": "Quarterly review", "location": "Room 4", "start": "2026-12-07T10:00:00+01:00", "end": "2026-12-07T11:30:00+01:00",
                "attendees": ["zoe@example.com"], "event": ["colorId": "5", "transparency": "opaque"],
            ])
            answers.append(review.text)
            let reviewID = try #require(review.output["id"]?.stringValue, "\(review.text)")
            #expect(review.output["attendees"]?.arrayValue?.first?["email"] == "zoe@example.com" && review.output["colorId"] == "5")
            let holiday = try await run("create_event", ["summary": "Holiday", "start": "2026-12-08"])
            #expect(holiday.output["end"]?["date"] == "2026-12-09", "a whole day ends the next day: \(holiday.text)")
            let standup = try await run("create_event", [
                "summary": "Standup", "start": "2026-12-07T08:00:00", "timeZone": "Europe/Berlin", "recurrence": ["RRULE:FREQ=DAILY;COUNT=5"],
            ])
            #expect(standup.output["end"]?["dateTime"] == "2026-12-07T09:00:00" && standup.output["end"]?["timeZone"] == "Europe/Berlin", "\(standup.text)")

            // Read, patch (the rest stays), replace (what is left out is cleared).
            #expect(try await run("get_event", ["id": .string(reviewID)]).output["summary"] == "Quarterly review")
            let patched = try await run("patch_event", ["id": .string(reviewID), "summary": "Q4 review"])
            #expect(patched.output["summary"] == "Q4 review" && patched.output["location"] == "Room 4", "\(patched.text)")
            let replaced = try await run("update_event", [
                "id": .string(reviewID), "summary": "Q4 review", "start": "2026-12-07T10:00:00Z", "end": "2026-12-07T11:00:00Z",
            ])
            #expect(replaced.output["location"] == nil && replaced.output["sequence"] == 1, "\(replaced.text)")

            // A window with occurrences as events, in order; words.
            let week = try await run("list_events", [
                "timeMin": "2026-12-07", "timeMax": "2026-12-09T00:00:00Z", "singleEvents": true, "orderBy": "startTime",
            ])
            answers.append(week.text)
            let titles = week.output["events"]?.arrayValue?.compactMap { $0["summary"]?.stringValue } ?? []
            #expect(titles == ["Standup", "Q4 review", "Holiday", "Standup"], "\(week.text)")
            #expect(week.output["nextSyncToken"] != nil && week.output["nextPageToken"] == nil)
            #expect(try await run("list_events", ["query": "holiday"]).output["count"] == 1)

            // Across short pages, up to the caller's limit, and on from the page token.
            try await google.google.capCalendarPages(of: google.email, at: 2)
            let before = try await google.google.requests(of: google.email).count
            let all = try await run("list_events", ["singleEvents": true])
            #expect(all.output["count"] == 7 && all.output["nextSyncToken"] != nil, "every page: \(all.text.prefix(300))")
            let three = try await run("list_events", ["singleEvents": true, "limit": 3])
            #expect(three.output["count"] == 3, "\(three.text.prefix(300))")
            let token = try #require(three.output["nextPageToken"]?.stringValue)
            let rest = try await run("list_events", ["singleEvents": true, "pageToken": .string(token)])
            let ids = (three.output["events"]?.arrayValue ?? []) + (rest.output["events"]?.arrayValue ?? [])
            #expect(Set(ids.compactMap { $0["id"]?.stringValue }).count == 7, "the page token goes on where the limit stopped")
            let pages = try await google.google.requests(of: google.email).dropFirst(before).compactMap { $0["query"]?.stringValue }
            #expect(pages.count == 4 + 2 + 2, "4 pages for all, 2 for three, 2 for the rest: \(pages)")
            #expect(pages[4].contains("maxResults=3") && pages[5].contains("maxResults=1"), "each page asks only for what remains: \(pages)")
            try await google.google.capCalendarPages(of: google.email, at: nil)

            // Changes since a sync token; then the token expires.
            let sync = try #require(week.output["nextSyncToken"]?.stringValue)
            _ = try await run("patch_event", ["id": .string(reviewID), "location": "Room 9"])
            #expect(try await run("delete_event", ["id": holiday.output["id"] ?? .null]).output["deleted"] == holiday.output["id"])
            let changes = try await run("list_events", ["syncToken": .string(sync)])
            let changed = Dictionary(uniqueKeysWithValues: (changes.output["events"]?.arrayValue ?? []).compactMap { event in
                event["id"]?.stringValue.map { ($0, event["status"]?.stringValue ?? "") }
            })
            #expect(changed == [reviewID: "confirmed", holiday.output["id"]?.stringValue ?? "-": "cancelled"], "\(changes.text)")
            let again = try await run("delete_event", ["id": holiday.output["id"] ?? .null])
            #expect(again.errorCode == "not_found", "a deleted event is gone (410 deleted): \(again.text)")
            try await google.google.expireCalendarSyncTokens(of: google.email)
            let expired = try await run("list_events", ["syncToken": changes.output["nextSyncToken"] ?? .null])
            #expect(expired.errorCode == "invalid_input" && expired.error["field"] == "syncToken", "410 fullSyncRequired: \(expired.text)")

            // Move, quick add, free/busy.
            let moved = try await run("move_event", ["id": .string(reviewID), "destination": .string(team)])
            #expect(moved.output["organizer"]?["email"]?.stringValue == team, "\(moved.text)")
            #expect(try await run("get_event", ["calendarId": .string(team), "id": .string(reviewID)]).output["summary"] == "Q4 review")
            let lunch = try await run("quick_add", ["text": "Lunch with Ann 2026-12-09 12:30pm-1:30pm"])
            #expect(lunch.output["summary"] == "Lunch with Ann" && lunch.output["start"]?["dateTime"] == "2026-12-09T12:30:00Z", "\(lunch.text)")
            let busy = try await run("free_busy", [
                "timeMin": "2026-12-09T00:00:00Z", "timeMax": "2026-12-10", "calendars": ["primary", "nobody@example.com"],
            ])
            answers.append(busy.text)
            #expect(busy.output["calendars"]?["primary"]?["busy"] == [
                ["start": "2026-12-09T07:00:00Z", "end": "2026-12-09T08:00:00Z"], ["start": "2026-12-09T12:30:00Z", "end": "2026-12-09T13:30:00Z"],
            ], "the standup (08:00 in Berlin) and lunch: \(busy.text)")
            #expect(busy.output["calendars"]?["nobody@example.com"]?["errors"]?.arrayValue?.first?["reason"] == "notFound")

            answers.append(try await api.call(.get, "/api/v1/applications/mail/executions?limit=200").text)
            for secret in google.secrets {
                #expect(!answers.joined().contains(secret) && !fixture.logs.text.contains(secret))
            }
        }
    }

    @Test func badInputIsRefusedBeforeOrByGoogle() async throws {
        let google = try await GoogleFixture(scope: Self.scope)
        try await APIFixture().run { api in
            try await google.connector(api, type: "google-calendar", name: "calendar")
            let run = { (action: String, input: JSONValue) in try await google.run(api, action, input, on: "calendar") }
            let noStart = try await run("create_event", ["summary": "Whenever"])
            #expect(noStart.errorCode == "invalid_input" && noStart.error["field"] == "start", "\(noStart.text)")
            let noOffset = try await run("create_event", ["summary": "Where?", "start": "2026-12-07T10:00"])
            #expect(noOffset.errorCode == "invalid_input" && noOffset.error["field"] == "start", "\(noOffset.text)")
            let order = try await run("list_events", ["orderBy": "startTime"])
            #expect(order.errorCode == "invalid_input" && order.error["field"] == "orderBy", "\(order.text)")
            let clash = try await run("list_events", ["syncToken": "x", "timeMin": "2026-12-07"])
            #expect(clash.errorCode == "invalid_input" && clash.error["field"] == "timeMin", "\(clash.text)")
            let backwards = try await run("create_event", ["start": "2026-12-07T10:00:00Z", "end": "2026-12-07T09:00:00Z"])
            #expect(backwards.errorCode == "invalid_input" && backwards.error["details"]?["reason"] == "timeRangeEmpty", "Google's 400: \(backwards.text)")
            let missing = try await run("get_event", ["id": "nosuchevent1"])
            #expect(missing.errorCode == "not_found" && missing.status.code < 500, "\(missing.text)")
            let stranger = try await run("list_events", ["calendarId": "someone-else@example.com"])
            #expect(stranger.errorCode == "not_found", "\(stranger.text)")
        }
    }

    @Test func rateLimitsAreWaitedOutThenReported() async throws {
        let google = try await GoogleFixture(scope: Self.scope)
        try await APIFixture().run { api in
            try await google.connector(api, type: "google-calendar", name: "calendar", options: ["retries": 1])
            let run = { (action: String, input: JSONValue) in try await google.run(api, action, input, on: "calendar") }
            // Calendar's 403 rateLimitExceeded is retried as a 429 is, a POST included, after the wait Google asks for.
            try await google.google.fault(email: google.email, path: "/events", status: 403, reason: "rateLimitExceeded", retryAfter: 1)
            let created = try await run("create_event", ["summary": "Retried", "start": "2026-12-07"])
            #expect(created.status == .ok, "\(created.text)")
            let posts = try await google.google.requests(of: google.email).filter { $0["method"] == "POST" }
            #expect(posts.count == 2, "one refused, one created: \(posts)")
            try await google.google.fault(email: google.email, path: "/events", status: 429, reason: "rateLimitExceeded", count: 2, retryAfter: 1)
            let limited = try await run("list_events", [:])
            #expect(limited.errorCode == "rate_limited" && limited.error["retryable"] == true && limited.error["retryAfter"]?.doubleValue == 1, "\(limited.text)")
        }
    }

    @Test func aWrongTokenIsAuthenticationFailed() async throws {
        let google = try await GoogleFixture(scope: Self.scope)
        try await APIFixture().run { api in
            try await google.connector(
                api, type: "google-calendar", name: "calendar", fields: ["accessToken": "ya29.wrong", "refreshToken": "1//wrong"])
            let refused = try await google.run(api, "list_calendars", [:], on: "calendar")
            #expect(refused.errorCode == "authentication_failed", "\(refused.text)")
            #expect(!refused.text.contains("ya29.wrong") && !refused.text.contains("1//wrong"))
        }
    }

    @Test func aReadOnlySignInCannotWrite() async throws {
        let google = try await GoogleFixture(scope: Self.scope + ".readonly")
        try await APIFixture().run { api in
            try await google.connector(api, type: "google-calendar", name: "calendar")
            let empty = try await google.run(api, "list_events", [:], on: "calendar")
            #expect(empty.output["count"] == 0 && empty.output["nextSyncToken"] != nil, "an empty calendar: \(empty.text)")
            let refused = try await google.run(api, "create_event", ["start": "2026-12-07"], on: "calendar")
            #expect(refused.errorCode == "permission_denied" && refused.error["fix"]?.stringValue?.contains("auth/calendar") == true, "\(refused.text)")
        }
    }
}
