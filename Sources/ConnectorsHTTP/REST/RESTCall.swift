import Foundation
import PlugboardCore

/// One execution of the `request` action: the input, the credential as currently applied, and every secret sent,
/// so a token refreshed after a 401 is used for the rest of the call and both tokens stay redacted.
struct RESTCall {
    /// Where a request goes: the input's path with these query parameters, or an absolute URL (a `Link` next page).
    enum Target {
        case query([(String, String)])
        case absolute(String)
    }

    let session: RESTSession
    let context: CallContext
    let request: RESTRequestInput
    /// The body's bytes and the Content-Type they imply, encoded once for every attempt and page.
    private let body: (bytes: [UInt8], contentType: String)?
    private var credential: HTTPCallAuthentication

    init(session: RESTSession, context: CallContext, request: RESTRequestInput) throws(ConnectorError) {
        self.session = session
        self.context = context
        self.request = request
        body = try request.body?.encoded()
        credential = try HTTPCallAuthentication(context: context)
    }

    /// What requests carry now.
    var authentication: HTTPAuthentication { credential.authentication }

    /// Removes every secret this call has sent.
    var redactor: Redactor { credential.redactor }

    /// The URL `target` means with the current credential applied.
    func url(for target: Target) throws(ConnectorError) -> String {
        switch target {
        case .query(let query):
            return try session.url(path: request.path, query: query + authentication.query)
        case .absolute(let url):
            // A next-page link usually repeats the query, but an API key sent in the query may be missing from it.
            let present = Set((URLComponents(string: url)?.queryItems ?? []).map(\.name))
            let missing = authentication.query.filter { !present.contains($0.0) }
            guard !missing.isEmpty else { return url }
            return url + (url.contains("?") ? "&" : "?") + PercentEncoding.query(missing)
        }
    }

    /// Sends the request to `target`. A 401 with an OAuth2 credential refreshes the token (once per call, shared with
    /// concurrent calls by the vault) and sends again; 401, 403, 429 and 5xx that remain become errors.
    mutating func send(to target: Target) async throws(ConnectorError) -> RESTSession.Exchange {
        var exchange = try await attempt(target)
        if try await credential.refresh(after: exchange.response.status, context: context, service: session.service) {
            let retried = try await attempt(target)
            exchange = RESTSession.Exchange(response: retried.response, attempts: exchange.attempts + retried.attempts)
        }
        if let error = HTTPStatusFailure.error(for: exchange.response, service: session.service, redactor: redactor) { throw error }
        return exchange
    }

    private func attempt(_ target: Target) async throws(ConnectorError) -> RESTSession.Exchange {
        var message = HTTPRequestMessage(method: request.method.rawValue, url: try url(for: target), headers: headers(), body: body?.bytes)
        message.credentialHeaders = authentication.credentialHeaders
        do {
            return try await session.send(message, context: context)
        } catch {
            throw redactor.redact(error)
        }
    }

    /// The connector's headers, then the request's, then the credential's; the body's type unless one is set.
    private func headers() -> [(String, String)] {
        var headers = HeaderList(session.configuration.headers)
        headers.set(contentsOf: request.headers)
        headers.set(contentsOf: authentication.headers)
        if let type = request.contentType {
            headers.set("Content-Type", type)
        } else if let type = body?.contentType, !headers.contains("Content-Type") || type.hasPrefix("multipart/") {
            // A multipart body's boundary is generated here, so its type always wins.
            headers.set("Content-Type", type)
        }
        headers.setDefaultUserAgent()
        return headers.fields
    }
}
