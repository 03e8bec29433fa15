import ConnectorsHTTP
import PlugboardCore

/// The `google-calendar` node: Google Calendar through Calendar v3 with an OAuth2 credential: calendars, events
/// (listed by window or by changes since a sync token, read, created, replaced, patched, deleted, moved, quick-added)
/// and free/busy.
public struct GoogleCalendarDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "google-calendar", category: "Productivity", displayName: "Google Calendar",
        description: """
            Google Calendar through Calendar v3: list and read calendars; list events in a time window (recurring ones \
            expanded if asked, across pages) or only what changed since a sync token; read, create, replace, patch, \
            delete and move events; quick-add from a sentence; free/busy for several calendars. Link an OAuth2 \
            credential signed in with Connect (scope https://www.googleapis.com/auth/calendar); tokens are refreshed \
            by Plugboard and never shown. Google's rate limits are waited out and retried, then reported as rate_limited.
            """,
        credentialKinds: [.oauth2, .bearerToken], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<GoogleCalendarSession>] {
        [
            Self.listCalendars, Self.getCalendar, Self.listEvents, Self.getEvent, Self.createEvent, Self.updateEvent, Self.patchEvent,
            Self.deleteEvent, Self.moveEvent, Self.quickAdd, Self.freeBusy,
        ]
    }

    public func openSession(_ configuration: GoogleCalendarConfiguration, context: SessionContext) async throws -> GoogleCalendarSession {
        GoogleCalendarSession(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// Reads the connector's calendar: its id, title and time zone. Changes nothing.
    public func test(_ session: GoogleCalendarSession, context: CallContext) async throws -> JSONValue {
        let calendar = try await session.send("GET", session.calendarPath(nil), context: context)
        return ["id": calendar["id"] ?? .null, "summary": calendar["summary"] ?? .null, "timeZone": calendar["timeZone"] ?? .null]
    }

    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let writes = ActionAnnotations(readOnly: false, destructive: false, idempotent: true)
    static let object = Schema.object([:], additionalProperties: true)
    static let event = Schema.object(
        ["id": Schema.string(), "status": Schema.string(), "summary": Schema.string(), "start": object, "end": object, "htmlLink": Schema.string()],
        required: ["id"], additionalProperties: true)

    static let listCalendars = ConnectorAction<GoogleCalendarSession>(
        name: "list_calendars", title: "List calendars", description: "The calendars in the user's list, with their ids, titles, roles and time zones.",
        annotations: reads, input: GoogleCalendarListCalendarsInput.self,
        outputSchema: Schema.object(["calendars": Schema.array(object), "count": Schema.integer()], required: ["calendars", "count"])
    ) { session, input, context in
        var query: [(String, String)] = []
        if let role = input.minAccessRole { query.append(("minAccessRole", role.rawValue)) }
        if input.showHidden { query.append(("showHidden", "true")) }
        let listed = try await session.list("/users/me/calendarList", query: query, limit: input.limit, pageSize: 250, context: context)
        return ["calendars": .array(listed.items), "count": .integer(Int64(listed.items.count))]
    }

    static let getCalendar = ConnectorAction<GoogleCalendarSession>(
        name: "get_calendar", title: "Read a calendar", description: "A calendar's id, title, description and time zone.",
        annotations: reads, input: GoogleCalendarIDInput.self, outputSchema: object
    ) { session, input, context in
        try await session.send("GET", session.calendarPath(input.calendarId), context: context)
    }

    static let listEvents = ConnectorAction<GoogleCalendarSession>(
        name: "list_events", title: "List events",
        description: """
            Events in a window (recurring ones as single occurrences with singleEvents), found by words, in order, \
            across pages up to a limit; nextPageToken goes on, nextSyncToken lists only later changes (410 from Google: \
            list again without it).
            """,
        annotations: reads, input: GoogleCalendarListInput.self,
        outputSchema: Schema.object(
            ["events": Schema.array(event), "count": Schema.integer(), "nextPageToken": Schema.string(), "nextSyncToken": Schema.string()],
            required: ["events", "count"])
    ) { session, input, context in
        let listed = try await session.list(
            session.calendarPath(input.calendarId) + "/events", query: try input.parameters(), limit: input.limit, pageSize: 2500, context: context)
        var answer: JSONObject = ["events": .array(listed.items), "count": .integer(Int64(listed.items.count))]
        if let token = listed.nextPageToken { answer["nextPageToken"] = .string(token) }
        if let token = listed.nextSyncToken { answer["nextSyncToken"] = .string(token) }
        return .object(answer)
    }

    static let getEvent = ConnectorAction<GoogleCalendarSession>(
        name: "get_event", title: "Read an event", description: "One event by id (an occurrence of a recurring event too).",
        annotations: reads, input: GoogleCalendarEventIDInput.self, outputSchema: event
    ) { session, input, context in
        try await session.send(
            "GET", session.calendarPath(input.calendarId) + "/events/" + PercentEncoding.pathSegment(input.id),
            query: input.timeZone.map { [("timeZone", $0)] } ?? [], context: context)
    }

    static let createEvent = ConnectorAction<GoogleCalendarSession>(
        name: "create_event", title: "Create an event",
        description: "A new event: title, times (a whole day or a time range), place, guests, recurrence, and any other Event member.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: GoogleCalendarEventInput.self,
        outputSchema: event
    ) { session, input, context in
        let resource = try input.resource(filling: true)
        guard resource["start"] != nil else { throw ConnectorError.invalidInput("Give the event's start.", field: "start") }
        return try await session.send(
            "POST", session.calendarPath(input.calendarId) + "/events", query: session.notifying(input.sendUpdates), body: resource, context: context)
    }

    static let updateEvent = ConnectorAction<GoogleCalendarSession>(
        name: "update_event", title: "Replace an event",
        description: "Replaces an event with what is given: members left out are cleared (patch_event changes only what is given).",
        annotations: writes, input: GoogleCalendarEventInput.self, outputSchema: event
    ) { session, input, context in
        let resource = try input.resource(filling: false)
        guard resource["start"] != nil, resource["end"] != nil else {
            throw ConnectorError.invalidInput("Replacing an event needs its start and end.", field: resource["start"] == nil ? "start" : "end")
        }
        return try await session.send(
            "PUT", session.calendarPath(input.calendarId) + "/events/" + PercentEncoding.pathSegment(try input.eventID()),
            query: session.notifying(input.sendUpdates), body: resource, context: context)
    }

    static let patchEvent = ConnectorAction<GoogleCalendarSession>(
        name: "patch_event", title: "Change an event", description: "Changes only the members given; the rest of the event stays.",
        annotations: writes, input: GoogleCalendarEventInput.self, outputSchema: event
    ) { session, input, context in
        let resource = try input.resource(filling: false)
        guard resource.objectValue?.isEmpty == false else { throw ConnectorError.invalidInput("Give something to change.", field: "summary") }
        return try await session.send(
            "PATCH", session.calendarPath(input.calendarId) + "/events/" + PercentEncoding.pathSegment(try input.eventID()),
            query: session.notifying(input.sendUpdates), body: resource, context: context)
    }

    static let deleteEvent = ConnectorAction<GoogleCalendarSession>(
        name: "delete_event", title: "Delete an event", description: "Cancels an event; guests are told as sendUpdates says.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: GoogleCalendarEventIDInput.self,
        outputSchema: Schema.object(["deleted": Schema.string()], required: ["deleted"])
    ) { session, input, context in
        _ = try await session.send(
            "DELETE", session.calendarPath(input.calendarId) + "/events/" + PercentEncoding.pathSegment(input.id),
            query: session.notifying(input.sendUpdates), context: context)
        return ["deleted": .string(input.id)]
    }

    static let moveEvent = ConnectorAction<GoogleCalendarSession>(
        name: "move_event", title: "Move an event", description: "Moves an event to another calendar, which becomes its organizer.",
        annotations: writes, input: GoogleCalendarEventIDInput.self, outputSchema: event
    ) { session, input, context in
        guard let destination = input.destination, !destination.isEmpty else {
            throw ConnectorError.invalidInput("Name the calendar to move the event to.", field: "destination")
        }
        return try await session.send(
            "POST", session.calendarPath(input.calendarId) + "/events/" + PercentEncoding.pathSegment(input.id) + "/move",
            query: [("destination", destination)] + session.notifying(input.sendUpdates), context: context)
    }

    static let quickAdd = ConnectorAction<GoogleCalendarSession>(
        name: "quick_add", title: "Quick add", description: "An event from a sentence, read by Google as Calendar's quick add reads it.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: GoogleCalendarQuickAddInput.self,
        outputSchema: event
    ) { session, input, context in
        try await session.send(
            "POST", session.calendarPath(input.calendarId) + "/events/quickAdd",
            query: [("text", input.text)] + session.notifying(input.sendUpdates), context: context)
    }

    static let freeBusy = ConnectorAction<GoogleCalendarSession>(
        name: "free_busy", title: "Free/busy", description: "The busy periods of calendars in a window; a calendar Google cannot read comes with its errors.",
        annotations: reads, input: GoogleCalendarFreeBusyInput.self,
        outputSchema: Schema.object(["timeMin": Schema.string(), "timeMax": Schema.string(), "calendars": object], required: ["calendars"], additionalProperties: true)
    ) { session, input, context in
        var body: JSONObject = [
            "timeMin": .string(try GoogleCalendarTime.bound(input.timeMin, field: "timeMin")),
            "timeMax": .string(try GoogleCalendarTime.bound(input.timeMax, field: "timeMax")),
            "items": .array((input.calendars ?? [session.configuration.calendarID]).map { ["id": .string($0)] }),
        ]
        if let zone = input.timeZone { body["timeZone"] = .string(zone) }
        return try await session.send("POST", "/freeBusy", body: .object(body), context: context)
    }
}
