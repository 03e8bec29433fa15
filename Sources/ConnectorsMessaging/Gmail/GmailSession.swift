import ConnectorsHTTP
import PlugboardCore
import Synchronization

/// One `gmail` connector's session: the user's mailbox as an HTTP service under `/gmail/v1/users/<userId>`, the
/// OAuth2 access token as a bearer (refreshed before expiry, and once more after a 401), Google's envelope read
/// for every failure.
public struct GmailSession: ConnectorSession {
    public let configuration: GmailConfiguration
    let client: HTTPServiceClient
    /// The mailbox's address once read: the sender of messages that name none, and who "me" is in a reply.
    private let address = AddressCache()

    final class AddressCache: Sendable {
        let value = Mutex<String?>(nil)
    }

    init(configuration: GmailConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        var service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.baseURL), baseURL: configuration.mailbox,
            defaultHeaders: configuration.headers, attemptTimeout: configuration.timeout,
            retryPolicy: HTTPRetryPolicy(retries: configuration.retries, baseDelay: .seconds(1), retriesUnprocessed: true),
            failure: { response, redactor in
                GoogleAPIFailure.error(response, redactor: redactor, product: "Gmail", scopes: "https://mail.google.com/ or gmail.modify")
            })
        service.isRefusal = GoogleAPIFailure.isRateLimit
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    func get(_ path: String, _ query: [(String, String)] = [], context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await client.sendJSON(HTTPServiceRequest("GET", path, query: query), context: context)
    }

    func post(_ path: String, _ body: JSONValue = [:], context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await client.sendJSON(
            HTTPServiceRequest("POST", path, headers: [("Content-Type", "application/json")], body: body.jsonBytes()), context: context)
    }

    func delete(_ path: String, context: CallContext) async throws(ConnectorError) {
        _ = try await client.send(HTTPServiceRequest("DELETE", path), context: context)
    }

    /// The mailbox's address, message counts and current history id.
    func profile(context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await get("/profile", context: context)
    }

    /// The mailbox's address (from its profile, read once per session).
    func emailAddress(context: CallContext) async throws(ConnectorError) -> String {
        if let known = address.value.withLock({ $0 }) { return known }
        let read = try await profile(context: context)["emailAddress"]?.stringValue ?? ""
        address.value.withLock { $0 = read }
        return read
    }

    /// System label ids, which are also their names.
    static let systemLabels: Set<String> = [
        "INBOX", "SENT", "DRAFT", "TRASH", "SPAM", "UNREAD", "STARRED", "IMPORTANT", "CHAT",
        "CATEGORY_PERSONAL", "CATEGORY_SOCIAL", "CATEGORY_PROMOTIONS", "CATEGORY_UPDATES", "CATEGORY_FORUMS",
    ]

    /// Label ids for `names`: a label's id, or a label's name in any case (system labels such as INBOX are both).
    /// The labels are listed only when a name is not already an id.
    func labelIDs(_ names: [String], field: String, context: CallContext) async throws(ConnectorError) -> [String] {
        let isID = { (name: String) in Self.systemLabels.contains(name) || (name.hasPrefix("Label_") && name.dropFirst(6).allSatisfy(\.isNumber)) }
        guard !names.allSatisfy(isID) else { return names }
        let labels = try await get("/labels", context: context)["labels"]?.arrayValue ?? []
        var ids: [String] = []
        for name in names {
            let match = labels.first { $0["id"]?.stringValue == name }
                ?? labels.first { $0["name"]?.stringValue?.lowercased() == name.lowercased() }
            guard let id = match?["id"]?.stringValue else {
                throw .invalidInput("There is no label '\(name)' in this mailbox; list_labels shows them, create_label adds one.", field: field)
            }
            ids.append(id)
        }
        return ids
    }

    /// Sends a written message (`raw`, base64url) through `path` (messages/send, drafts), in `threadId` when given.
    func submit(_ path: String, raw: [UInt8], threadID: String?, wrapInMessage: Bool = false, context: CallContext) async throws(ConnectorError) -> JSONValue {
        var message: JSONObject = ["raw": .string(Base64URL.encode(raw))]
        if let threadID { message["threadId"] = .string(threadID) }
        return try await post(path, wrapInMessage ? ["message": .object(message)] : .object(message), context: context)
    }
}
