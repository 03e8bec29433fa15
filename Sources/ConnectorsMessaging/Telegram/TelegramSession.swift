import ConnectorsHTTP
import Foundation
import PlugboardCore

/// One `telegram` connector's session: the Bot API as an HTTP service, the token in the path (and so masked
/// wherever a URL could be shown), Telegram's envelope read for every answer.
public struct TelegramSession: ConnectorSession {
    public let configuration: TelegramConfiguration
    let client: HTTPServiceClient

    init(configuration: TelegramConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        var service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.root), baseURL: configuration.root, defaultHeaders: configuration.headers,
            attemptTimeout: configuration.timeout,
            retryPolicy: HTTPRetryPolicy(retries: configuration.retries, baseDelay: .seconds(1), retriesUnprocessed: true),
            authenticate: Self.authenticate,
            failure: { response, redactor in TelegramFailure.error(response, redactor: redactor) })
        service.retryAfter = { response in
            TelegramFailure.retryAfter((try? JSONParser.parse(response.body))?["parameters"])
                ?? HTTPRetryPolicy.retryAfterHeader(response)
        }
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    /// `bot<token>` before every path; the token joins the call's redactor.
    static let authenticate: HTTPCallAuthentication.Authenticate = { credential throws(ConnectorError) in
        guard let credential else {
            throw ConnectorError(.authenticationFailed, message: "A Telegram connector needs the bot token as its credential.", fix: "Link an API key or bearer token credential holding the token from @BotFather.")
        }
        let token = try HTTPAuthentication.keyOrToken(of: credential, what: "the bot token")
        guard !token.contains("/") else {
            throw ConnectorError(
                .authenticationFailed, message: "A bot token has no '/'; the credential holds something else.",
                fix: "Paste the token from @BotFather (123456789:AA…) into the credential.")
        }
        var authentication = HTTPAuthentication()
        authentication.pathPrefix = "/bot\(token)"
        authentication.secrets = [token]
        return authentication
    }

    /// Calls a Bot API method with JSON parameters and returns its `result`.
    func call(_ method: String, _ parameters: JSONObject, context: CallContext) async throws(ConnectorError) -> JSONValue {
        let json = try await client.sendJSON(
            HTTPServiceRequest("POST", "/\(method)", headers: [("Content-Type", "application/json")], body: JSONValue.object(parameters).jsonBytes()),
            context: context)
        return json["result"] ?? .null
    }

    /// Calls a Bot API method as `multipart/form-data`, for uploads; JSON-valued parameters are sent as JSON text.
    func upload(_ method: String, _ parameters: JSONObject, file: MultipartFormBody.Part, context: CallContext) async throws(ConnectorError) -> JSONValue {
        var parts = parameters.map { name, value in
            MultipartFormBody.Part(name: name, bytes: Array((value.stringValue ?? value.jsonString()).utf8))
        }
        parts.append(file)
        let body = MultipartFormBody(parts: parts)
        let json = try await client.sendJSON(
            HTTPServiceRequest("POST", "/\(method)", headers: [("Content-Type", body.contentType)], body: body.bytes), context: context)
        return json["result"] ?? .null
    }

    /// A file's bytes from `<root>/file/bot<token>/<path>`.
    func download(_ filePath: String, context: CallContext) async throws(ConnectorError) -> [UInt8] {
        let token = try Self.authenticate(context.credential).secrets.first ?? ""
        let url = "\(configuration.root)/file/bot\(token)/\(filePath)"
        return try await client.send(HTTPServiceRequest.to(url, method: "GET"), context: context).body
    }
}
