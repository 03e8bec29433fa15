import ConnectorsHTTP
import PlugboardCore

/// The `changes` trigger source: Calendar's incremental sync (`CalendarChangesPoller`). Each event created, changed
/// or cancelled after the trigger subscribed starts the target once.
extension GoogleCalendarDriver: TriggerSourceProviding {
    static let changesSource = TriggerSourceDescriptor(
        name: "changes", title: "Event changes",
        description: """
            Each event created, changed or cancelled in the calendar starts the target with change (created, updated \
            or cancelled), the calendar id and the event. Polls Calendar's sync token.
            """,
        optionsSchema: Schema.object(
            [
                "calendarId": Schema.string(description: "The connector's calendar when left out."),
                "singleEvents": Schema.boolean(description: "Occurrences of recurring events as events of their own.", default: false),
                "pollSeconds": Schema.integer(description: "Seconds between polls.", default: 60, minimum: 1, maximum: 3600),
            ]))

    public var triggerSources: [TriggerSourceDescriptor] { [Self.changesSource] }

    public func runSource(_ name: String, configuration: GoogleCalendarConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.changesSource.name else { throw ConnectorError.notFound("trigger source", name) }
        let session = GoogleCalendarSession(
            configuration: configuration, transport: try await context.session.network.makeHTTPClient(
                configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: 2)))
        do {
            try await CalendarChangesPoller(session: session, context: context, sink: sink).run()
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}
