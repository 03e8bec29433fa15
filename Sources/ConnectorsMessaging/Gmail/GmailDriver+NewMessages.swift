import ConnectorsHTTP
import Foundation
import PlugboardCore

/// The `new_messages` trigger source: polls `history.list` from the stored history id for messages added with the
/// trigger's labels, and delivers each (headers, snippet, bodies decoded) keyed by its message id. The history id
/// moves on only with stored events, so a restart resumes where it stopped. When Gmail no longer keeps that far
/// back (404), the newest messages with the labels are delivered again (stored once each) and polling restarts
/// from the mailbox's current history id.
extension GmailDriver: TriggerSourceProviding {
    static let newMessagesSource = TriggerSourceDescriptor(
        name: "new_messages", title: "New messages",
        description: """
            Each new message with the trigger's labels (INBOX unless said otherwise) starts the target with the message: \
            id, thread id, labels, snippet, and decoded headers, text and HTML. Polls the mailbox's history.
            """,
        optionsSchema: Schema.object(
            [
                "labels": Schema.array(Schema.string(), description: "Only messages with all of these labels (ids or names); INBOX when left out."),
                "pollSeconds": Schema.integer(description: "Seconds between polls.", default: 30, minimum: 1, maximum: 3600),
                "format": Schema.string(description: "How much of each message to deliver.", default: "full", enum: ["full", "metadata"]),
            ]))

    public var triggerSources: [TriggerSourceDescriptor] { [Self.newMessagesSource] }

    public func runSource(_ name: String, configuration: GmailConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.newMessagesSource.name else { throw ConnectorError.notFound("trigger source", name) }
        let session = GmailSession(
            configuration: configuration, transport: try await context.session.network.makeHTTPClient(
                configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: 2)))
        do {
            try await NewMessagesPoller(session: session, context: context, sink: sink).run()
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}

/// One running `new_messages` source.
struct NewMessagesPoller {
    let session: GmailSession
    let context: SourceContext
    let sink: SourceSink

    func run() async throws {
        let names = context.options["labels"]?.arrayValue?.compactMap(\.stringValue) ?? ["INBOX"]
        let labels = try await session.labelIDs(names.isEmpty ? ["INBOX"] : names, field: "options.labels", context: try await call())
        var cursor: String
        if let stored = context.cursor?.stringValue {
            cursor = stored
        } else {
            cursor = try await session.profile(context: try await call())["historyId"]?.stringValue ?? "1"
        }
        await sink.subscribed()
        let pause = Duration.seconds(context.options["pollSeconds"]?.integerValue ?? 30)
        while !Task.isCancelled {
            do {
                cursor = try await poll(from: cursor, labels: labels)
            } catch let error as ConnectorError where error.code == .notFound {
                cursor = try await resynchronise(labels: labels)
            }
            try await Task.sleep(for: pause)
        }
    }

    /// The call context of one request: the credential as it is now (OAuth2 refreshed close to expiry).
    private func call() async throws -> CallContext {
        let credential = try await context.session.credentials?.current() ?? context.session.credential
        return CallContext(
            network: context.session.network, deadline: .now + .seconds(60), logger: context.session.logger, credential: credential,
            credentials: context.session.credentials)
    }

    /// Every page of history after `cursor`; each added message with the labels delivered. Returns the new cursor.
    private func poll(from cursor: String, labels: [String]) async throws -> String {
        var pageToken: String?
        var latest = cursor
        repeat {
            var query = [("startHistoryId", cursor), ("historyTypes", "messageAdded"), ("maxResults", "500")]
            if let first = labels.first { query.append(("labelId", first)) }
            if let pageToken { query.append(("pageToken", pageToken)) }
            let page = try await session.get("/history", query, context: try await call())
            for record in page["history"]?.arrayValue ?? [] {
                let recordID = record["id"]?.stringValue ?? latest
                for added in record["messagesAdded"]?.arrayValue ?? [] {
                    let carried = Set(added["message"]?["labelIds"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                    guard let id = added["message"]?["id"]?.stringValue, labels.allSatisfy(carried.contains) else { continue }
                    try await deliver(id, cursor: recordID)
                }
                latest = recordID
            }
            if let historyID = page["historyId"]?.stringValue { latest = historyID }
            pageToken = page["nextPageToken"]?.stringValue
        } while pageToken != nil
        return latest
    }

    /// After the stored history id expired: the newest messages with the labels again, then the current history id.
    private func resynchronise(labels: [String]) async throws -> String {
        context.session.logger.warning("Gmail no longer keeps history that far back; delivering the newest messages again")
        let profile = try await session.profile(context: try await call())
        let current = profile["historyId"]?.stringValue ?? "1"
        let list = try await session.get("/messages", [("maxResults", "50")] + labels.map { ("labelIds", $0) }, context: try await call())
        for item in (list["messages"]?.arrayValue ?? []).reversed() {
            if let id = item["id"]?.stringValue { try await deliver(id, cursor: current) }
        }
        return current
    }

    private func deliver(_ id: String, cursor: String) async throws {
        let format = context.options["format"]?.stringValue ?? "full"
        let message: JSONValue
        do {
            message = try await session.get("/messages/\(id)", [("format", format)], context: try await call())
        } catch let error as ConnectorError where error.code == .notFound {
            return  // deleted before it was read
        }
        try await sink.deliver(SourceEvent(dedupKey: "message-\(id)", payload: GmailMessageReader.read(message), cursor: .string(cursor)))
    }
}
