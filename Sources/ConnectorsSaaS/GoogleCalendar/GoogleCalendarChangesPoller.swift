import ConnectorsHTTP
import Foundation
import PlugboardCore

/// One running `changes` source. It lists the calendar once for a sync token, then polls with it; each event
/// created, changed or cancelled since is delivered, keyed by its id and change time. The position (the token, and
/// when Google answered the poll that issued it) moves on with the last event of a poll and is stored with it, so a
/// restart resumes there. When Google answers 410 (the token is too old), the calendar is listed again for a new
/// token, and the events changed since the last answered poll (`updatedMin`, deletions included) are delivered:
/// any already delivered in the same state are stored once, so only what changed meanwhile starts the target.
struct CalendarChangesPoller {
    let session: GoogleCalendarSession
    let context: SourceContext
    let sink: SourceSink

    /// Where polling stands: the sync token, and the time (Google's clock) from which changes may be unseen.
    struct Position {
        var token: String
        var since: String

        init(token: String, since: String) {
            self.token = token
            self.since = since
        }

        init?(_ cursor: JSONValue?) {
            guard let token = cursor?["syncToken"]?.stringValue, let since = cursor?["since"]?.stringValue else { return nil }
            self.init(token: token, since: since)
        }

        var cursor: JSONValue { ["syncToken": .string(token), "since": .string(since)] }
    }

    var calendarID: String { context.options["calendarId"]?.stringValue ?? session.configuration.calendarID }

    func run() async throws {
        var position: Position
        if let stored = Position(context.cursor) {
            position = stored
        } else {
            let listed = try await list([])
            position = Position(token: try listed.token(), since: listed.answeredAt)
        }
        await sink.subscribed()
        let pause = Duration.seconds(context.options["pollSeconds"]?.integerValue ?? 60)
        while !Task.isCancelled {
            do {
                let changes = try await list([("syncToken", position.token)])
                position = try await deliver(changes.events, then: Position(token: try changes.token(), since: changes.answeredAt), from: position)
            } catch let error as ConnectorError where error.details?["reason"]?.stringValue == GoogleAPIFailure.fullSyncRequired {
                position = try await resynchronise(from: position)
            }
            try await Task.sleep(for: pause)
        }
    }

    /// After a 410: a new token from a full list, then what changed since the last answered poll.
    private func resynchronise(from position: Position) async throws -> Position {
        context.session.logger.warning("Google Calendar's sync token expired; listing the calendar again")
        let fresh = try await list([])
        var changed: [JSONValue] = []
        do {
            changed = try await list([("updatedMin", position.since)]).events
        } catch let error as ConnectorError where error.details?["status"]?.integerValue == 410 {
            context.session.logger.warning("Google Calendar no longer lists changes since \(position.since); going on from now")
        }
        return try await deliver(changed, then: Position(token: try fresh.token(), since: fresh.answeredAt), from: position)
    }

    /// The call context of one request: the credential as it is now (OAuth2 refreshed close to expiry).
    private func call() async throws -> CallContext {
        let credential = try await context.session.credentials?.current() ?? context.session.credential
        return CallContext(
            network: context.session.network, deadline: .now + .seconds(120), logger: context.session.logger, credential: credential,
            credentials: context.session.credentials)
    }

    /// One list, every page of it.
    struct Listing {
        var events: [JSONValue] = []
        var nextSyncToken: String?
        /// When Google answered the first page, a second early (changes from then on may be missing from this list).
        var answeredAt = ""

        func token() throws(ConnectorError) -> String {
            guard let nextSyncToken else {
                throw ConnectorError(.upstreamError, message: "Google Calendar ended a list without a sync token; the trigger cannot follow changes.")
            }
            return nextSyncToken
        }
    }

    /// Every page of the calendar's events with `parameters`.
    private func list(_ parameters: [(String, String)]) async throws -> Listing {
        var listing = Listing()
        var pageToken: String?
        repeat {
            var query = parameters + [("maxResults", "2500")]
            if context.options["singleEvents"]?.boolValue == true { query.append(("singleEvents", "true")) }
            if parameters.contains(where: { $0.0 == "updatedMin" }) { query.append(("showDeleted", "true")) }
            if let pageToken { query.append(("pageToken", pageToken)) }
            let response = try await session.client.send(
                HTTPServiceRequest("GET", session.calendarPath(calendarID) + "/events", query: query), context: try await call())
            if listing.answeredAt.isEmpty { listing.answeredAt = Self.secondEarlier(response.header("Date")) }
            let page = (try? JSONParser.parse(response.body)) ?? .null
            listing.events += page["items"]?.arrayValue ?? []
            listing.nextSyncToken = page["nextSyncToken"]?.stringValue
            pageToken = page["nextPageToken"]?.stringValue
        } while pageToken != nil
        return listing
    }

    /// Delivers each event; the new position is stored with the last one (the earlier ones keep the previous position,
    /// so a stop half-way resumes before them). Returns the position to poll from next.
    private func deliver(_ events: [JSONValue], then next: Position, from previous: Position) async throws -> Position {
        for (index, event) in events.enumerated() {
            guard let id = event["id"]?.stringValue else { continue }
            let cancelled = event["status"]?.stringValue == "cancelled"
            let updated = event["updated"]?.stringValue ?? ""
            let change = cancelled ? "cancelled" : updated.prefix(19) == (event["created"]?.stringValue ?? "").prefix(19) ? "created" : "updated"
            try await sink.deliver(SourceEvent(
                dedupKey: cancelled ? "\(id)-cancelled" : "\(id)-\(updated)",
                payload: ["change": .string(change), "calendarId": .string(calendarID), "event": event],
                cursor: (index == events.count - 1 ? next : previous).cursor))
        }
        return next
    }

    /// An HTTP date (`Fri, 04 Dec 2026 21:30:05 GMT`) a second earlier, in RFC 3339; without one, a minute before now.
    static func secondEarlier(_ header: String?) -> String {
        let http = DateFormatter()
        http.locale = Locale(identifier: "en_US_POSIX")
        http.timeZone = TimeZone(identifier: "GMT")
        http.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        let moment = header.flatMap(http.date(from:))?.addingTimeInterval(-1) ?? Date().addingTimeInterval(-60)
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        return iso.string(from: moment)
    }
}
