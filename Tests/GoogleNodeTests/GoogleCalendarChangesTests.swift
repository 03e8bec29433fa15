import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `google-calendar` node's `changes` trigger: sync-token polling against the Google double, and the full
/// resync after Google's 410.
@Suite struct GoogleCalendarChangesTests {
    @Test func changesArriveOnceAndSurviveAnExpiredSyncToken() async throws {
        let google = try await GoogleFixture(scope: "https://www.googleapis.com/auth/calendar")
        let fixture = try await APIFixture()
        try await fixture.run(runners: true) { api in
            try await google.connector(api, type: "google-calendar", name: "calendar")
            let run = { (action: String, input: JSONValue) in try await google.run(api, action, input, on: "calendar") }
            let before = try await run("create_event", ["summary": "Already there", "start": "2026-12-07"])
            #expect(before.status == .ok, "\(before.text)")
            let created = try await api.call(.post, "/api/v1/applications/mail/triggers", [
                "name": "agenda", "source": "changes", "connector": "calendar", "options": ["pollSeconds": 1],
                "target": ["url": "https://example.com/never-called"], "paused": false,
            ])
            #expect(created.status == .created, "\(created.text)")
            #expect(try await eventually { try await api.call(.get, "/api/v1/applications/mail/triggers/agenda").json["state"] == "subscribed" })
            let events = { try await api.call(.get, "/api/v1/applications/mail/triggers/agenda/events").json["items"]?.arrayValue ?? [] }
            let changes = { try await events().compactMap { item -> String? in
                guard let change = item["payload"]?["change"]?.stringValue, let title = item["payload"]?["event"]?["summary"]?.stringValue ?? item["payload"]?["event"]?["id"]?.stringValue else { return nil }
                return "\(change) \(title)"
            } }

            let meeting = try await run("create_event", ["summary": "Planning", "start": "2026-12-08T09:00:00Z"])
            let meetingID = try #require(meeting.output["id"]?.stringValue)
            #expect(try await eventually { try await events().count == 1 }, "the event made before the trigger is not a change")
            #expect(try await changes() == ["created Planning"])
            _ = try await run("patch_event", ["id": .string(meetingID), "location": "Room 2"])
            #expect(try await eventually { try await events().count == 2 })
            _ = try await run("delete_event", ["id": .string(meetingID)])
            #expect(try await eventually { try await events().count == 3 })
            let three = try await changes()
            #expect(three.sorted() == ["cancelled \(meetingID)", "created Planning", "updated Planning"].sorted(), "\(three)")
            #expect(try await events().allSatisfy { $0["payload"]?["calendarId"] == "primary" })

            // Google forgets the token: the calendar is listed again. What was delivered in the same state is stored
            // once; what changed meanwhile (the first event, never delivered) arrives; polling goes on.
            try await google.google.expireCalendarSyncTokens(of: google.email)
            _ = try await run("patch_event", ["id": before.output["id"] ?? .null, "summary": "Changed meanwhile"])
            #expect(try await eventually { try await events().count == 4 })
            let four = try await changes()
            #expect(four.contains("updated Changed meanwhile"), "\(four)")
            _ = try await run("create_event", ["summary": "After the resync", "start": "2026-12-09"])
            #expect(try await eventually { try await changes().contains("created After the resync") })
            #expect(try await events().count == 5)
            #expect(try await api.call(.get, "/api/v1/applications/mail/triggers/agenda").json["state"] == "subscribed")
            let text = try await api.call(.get, "/api/v1/applications/mail/triggers/agenda/events").text
            for secret in google.secrets {
                #expect(!text.contains(secret) && !fixture.logs.text.contains(secret))
            }
        }
    }
}
