import PlugboardCore

/// Which events to list: a time window, words, recurring events as single occurrences, an order, and paging; or, with
/// `syncToken`, only what changed since an earlier list.
struct GoogleCalendarListInput: FieldSet {
    enum Order: String, FieldChoice { case startTime, updated }

    var calendarId: String?
    var timeMin: String?
    var timeMax: String?
    var query: String?
    var singleEvents = false
    var orderBy: Order?
    var showDeleted = false
    var updatedMin: String?
    var timeZone: String?
    var pageToken: String?
    var syncToken: String?
    var limit = 250

    init() {}

    static let fields = FieldList<Self> {
        Field("calendarId", \.calendarId, title: "Calendar", description: "The connector's calendar when left out.")
        Field("timeMin", \.timeMin, title: "From", description: "Events ending after this: 2026-12-07, or 2026-12-07T09:00:00+01:00.")
        Field("timeMax", \.timeMax, title: "Until", description: "Events starting before this.")
        Field("query", \.query, title: "Search", description: "Words in the title, description, location or guests.")
        Field("singleEvents", \.singleEvents, title: "Expand recurring events", description: "Each occurrence as its own event.")
        Field("orderBy", \.orderBy, title: "Order", description: "startTime (needs singleEvents) or updated.")
        Field("showDeleted", \.showDeleted, title: "Include cancelled events")
        Field("updatedMin", \.updatedMin, title: "Changed since", description: "Only events changed after this time.")
        Field("timeZone", \.timeZone, title: "Time zone", description: "The zone of the answer's times, such as Europe/Berlin.")
        Field("pageToken", \.pageToken, title: "Page token", description: "nextPageToken of an earlier list, to go on from there.")
        Field(
            "syncToken", \.syncToken, title: "Sync token",
            description: "nextSyncToken of an earlier list: only what changed since (deletions included). Not with a window, search or order.")
        Field("limit", \.limit, title: "At most", description: "Events gathered across pages.", minimum: 1, maximum: 10_000)
    }

    func parameters() throws(ConnectorError) -> [(String, String)] {
        var query: [(String, String)] = []
        if let syncToken {
            let clashing = [("timeMin", timeMin), ("timeMax", timeMax), ("query", self.query), ("updatedMin", updatedMin)].first { $0.1 != nil }
            if let clashing { throw .invalidInput("A sync token lists every change; leave \(clashing.0) out.", field: clashing.0) }
            if orderBy != nil { throw .invalidInput("A sync token lists every change; leave orderBy out.", field: "orderBy") }
            query.append(("syncToken", syncToken))
        }
        if orderBy == .startTime, !singleEvents {
            throw .invalidInput("Ordering by start time needs singleEvents: recurring events have no single start.", field: "orderBy")
        }
        if let timeMin { query.append(("timeMin", try GoogleCalendarTime.bound(timeMin, field: "timeMin"))) }
        if let timeMax { query.append(("timeMax", try GoogleCalendarTime.bound(timeMax, field: "timeMax"))) }
        if let updatedMin { query.append(("updatedMin", try GoogleCalendarTime.bound(updatedMin, field: "updatedMin"))) }
        if let words = self.query { query.append(("q", words)) }
        if singleEvents { query.append(("singleEvents", "true")) }
        if let orderBy { query.append(("orderBy", orderBy.rawValue)) }
        if showDeleted { query.append(("showDeleted", "true")) }
        if let timeZone { query.append(("timeZone", timeZone)) }
        if let pageToken { query.append(("pageToken", pageToken)) }
        return query
    }
}

/// An event to create or change: the common members by name, anything else of Calendar's Event in `event`.
struct GoogleCalendarEventInput: FieldSet {
    var calendarId: String?
    var id: String?
    var summary: String?
    var description: String?
    var location: String?
    var start: String?
    var end: String?
    var timeZone: String?
    var attendees: [String]?
    var recurrence: [String]?
    var event: JSONValue?
    var sendUpdates: GoogleCalendarConfiguration.SendUpdates?

    init() {}

    static let fields = FieldList<Self> {
        Field("calendarId", \.calendarId, title: "Calendar", description: "The connector's calendar when left out.")
        Field("id", \.id, title: "Event id", description: "The event to change; for a new one, an id of your own (a-v, 0-9; 5 to 1024).")
        Field("summary", \.summary, title: "Title")
        Field("description", \.description, title: "Description")
        Field("location", \.location, title: "Location")
        Field("start", \.start, title: "Start", description: "2026-12-07 for the whole day, or 2026-12-07T10:00:00+01:00.")
        Field("end", \.end, title: "End", description: "Left out of a new event: an hour after the start, or the next day.")
        Field("timeZone", \.timeZone, title: "Time zone", description: "IANA name such as Europe/Berlin; needed for times without an offset and for recurring events.")
        Field("attendees", \.attendees, title: "Guests", description: "Email addresses.")
        Field("recurrence", \.recurrence, title: "Recurrence", description: "RFC 5545 lines, such as RRULE:FREQ=WEEKLY;COUNT=10.")
        Field("event", \.event, title: "More", description: "Other members of Calendar's Event (colorId, reminders, transparency, visibility, conferenceData…).")
        Field("sendUpdates", \.sendUpdates, title: "Notify guests", description: "The connector's choice when left out.")
    }

    /// The Event resource with what was given; a new event (`filling`) gets an end when it has only a start.
    func resource(filling: Bool) throws(ConnectorError) -> JSONValue {
        var object: JSONObject = [:]
        if let extra = event {
            guard let members = extra.objectValue else { throw .invalidInput("Give more members as an object.", field: "event") }
            object = members
        }
        for (name, value) in [("summary", summary), ("description", description), ("location", location)] {
            if let value { object[name] = .string(value) }
        }
        let startTime = try start.map { text throws(ConnectorError) in try GoogleCalendarTime.eventTime(text, timeZone: timeZone, field: "start") }
        if let startTime { object["start"] = startTime }
        if let end {
            object["end"] = try GoogleCalendarTime.eventTime(end, timeZone: timeZone, field: "end")
        } else if filling, let startTime {
            object["end"] = GoogleCalendarTime.defaultEnd(after: startTime)
        }
        if let attendees { object["attendees"] = .array(attendees.map { ["email": .string($0)] }) }
        if let recurrence { object["recurrence"] = .array(recurrence.map(JSONValue.string)) }
        if filling, let id { object["id"] = .string(id) }
        return .object(object)
    }

    func eventID() throws(ConnectorError) -> String {
        guard let id, !id.isEmpty else { throw .invalidInput("Name the event by its id.", field: "id") }
        return id
    }
}

/// An event by id: to read, delete or move.
struct GoogleCalendarEventIDInput: FieldSet {
    var calendarId: String?
    var id = ""
    var destination: String?
    var timeZone: String?
    var sendUpdates: GoogleCalendarConfiguration.SendUpdates?

    init() {}

    static let fields = FieldList<Self> {
        Field("calendarId", \.calendarId, title: "Calendar", description: "The connector's calendar when left out.")
        Field("id", \.id, title: "Event id", minLength: 1, required: true)
        Field("destination", \.destination, title: "To calendar", description: "Where move_event takes the event.")
        Field("timeZone", \.timeZone, title: "Time zone", description: "The zone of the answer's times.")
        Field("sendUpdates", \.sendUpdates, title: "Notify guests", description: "The connector's choice when left out.")
    }
}

struct GoogleCalendarQuickAddInput: FieldSet {
    var calendarId: String?
    var text = ""
    var sendUpdates: GoogleCalendarConfiguration.SendUpdates?

    init() {}

    static let fields = FieldList<Self> {
        Field("calendarId", \.calendarId, title: "Calendar", description: "The connector's calendar when left out.")
        Field("text", \.text, title: "Text", description: "As typed in Google Calendar: Lunch with Ann tomorrow 12:30pm-1:30pm.", minLength: 1, required: true)
        Field("sendUpdates", \.sendUpdates, title: "Notify guests", description: "The connector's choice when left out.")
    }
}

struct GoogleCalendarFreeBusyInput: FieldSet {
    var timeMin = ""
    var timeMax = ""
    var calendars: [String]?
    var timeZone: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("timeMin", \.timeMin, title: "From", description: "2026-12-07, or 2026-12-07T09:00:00+01:00.", required: true)
        Field("timeMax", \.timeMax, title: "Until", required: true)
        Field("calendars", \.calendars, title: "Calendars", description: "Calendar ids or addresses; the connector's calendar when left out.")
        Field("timeZone", \.timeZone, title: "Time zone", description: "The zone of the answer's times.")
    }
}

struct GoogleCalendarListCalendarsInput: FieldSet {
    enum Role: String, FieldChoice { case freeBusyReader, reader, writer, owner }

    var minAccessRole: Role?
    var showHidden = false
    var limit = 250

    init() {}

    static let fields = FieldList<Self> {
        Field("minAccessRole", \.minAccessRole, title: "At least", description: "Only calendars where the user is at least freeBusyReader, reader, writer or owner.")
        Field("showHidden", \.showHidden, title: "Include hidden calendars")
        Field("limit", \.limit, title: "At most", minimum: 1, maximum: 1_000)
    }
}

struct GoogleCalendarIDInput: FieldSet {
    var calendarId: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("calendarId", \.calendarId, title: "Calendar", description: "The connector's calendar when left out.")
    }
}
