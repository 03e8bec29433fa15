import Foundation
import PlugboardCore

/// What a linked credential adds to an HTTP request, shared by every HTTP node.
///
/// API keys go in a header or the query, bearer tokens and OAuth2 access tokens in `Authorization: Bearer`,
/// username and password as Basic. Client certificates act at the TLS layer and add nothing here.
public struct HTTPAuthentication: Sendable {
    /// Headers to set, replacing any of the same name.
    public var headers: [(String, String)] = []
    /// Query parameters to append.
    public var query: [(String, String)] = []
    /// A path segment put before every request's path, for services that take the token in the URL (Telegram's
    /// `/bot<token>`); set by a node's own `HTTPService.authenticate`.
    public var pathPrefix = ""
    /// Header names that carry the secret, dropped when a redirect leaves the origin.
    public var credentialHeaders: [String] = []
    /// Every secret value this authentication puts on the wire, derived forms included, for redaction.
    ///
    /// Secrets the request never carries (an OAuth2 client secret) cannot come back in a response, so they are not searched for.
    public var secrets: [String] = []

    /// No authentication.
    public init() {}

    /// The authentication `credential` describes; nil adds nothing.
    ///
    /// Throws `authentication_failed` for a credential missing its secret (an OAuth2 credential with no access token yet),
    /// and `invalid_configuration` for a kind HTTP cannot use.
    public init(credential: Credential?) throws(ConnectorError) {
        guard let credential else { return }
        switch credential.kind {
        case .apiKey:
            let key = try Self.required(credential, "key")
            let name = credential["name"].flatMap { $0.isEmpty ? nil : $0 } ?? "X-API-Key"
            secrets = [key]
            if credential["placement"] == "query" {
                query = [(name, key)]
                // On the wire (and in a next-page link the service echoes back) the key is percent-encoded.
                let encoded = PercentEncoding.queryComponent(key)
                if encoded != key { secrets.append(encoded) }
            } else {
                headers = [(name, key)]
                credentialHeaders = [name]
            }
        case .bearerToken:
            bearer(try Self.required(credential, "token"))
        case .oauth2:
            guard let token = credential["accessToken"], !token.isEmpty else {
                throw ConnectorError(
                    .authenticationFailed, message: "The OAuth2 credential has no access token yet.",
                    cause: "The credential was never authorized, or its token could not be refreshed.",
                    fix: "Authorize the OAuth2 credential again.")
            }
            bearer(token)
        case .usernamePassword:
            let user = credential["username"] ?? ""
            let password = credential["password"] ?? ""
            let encoded = Data("\(user):\(password)".utf8).base64EncodedString()
            headers = [("Authorization", "Basic \(encoded)")]
            secrets = [password, encoded]
        case .clientCertificate:
            break
        default:
            throw ConnectorError.invalidConfiguration(
                "A \(credential.kind.displayName.lowercased()) credential cannot authenticate HTTP requests.", field: "credential")
        }
    }

    private mutating func bearer(_ token: String) {
        self = .header("Authorization", "Bearer \(token)", secret: token)
    }

    /// The secret of an API key or bearer token credential, for a node that applies it its own way; `what` names
    /// it in errors ("the bot token"). Other kinds are `invalid_configuration`, an empty one `authentication_failed`.
    public static func keyOrToken(of credential: Credential, what: String) throws(ConnectorError) -> String {
        let secret: String
        switch credential.kind {
        case .apiKey: secret = credential["key"] ?? ""
        case .bearerToken: secret = credential["token"] ?? ""
        default:
            throw ConnectorError.invalidConfiguration(
                "This connector takes \(what) as an API key or bearer token credential, not a \(credential.kind.displayName.lowercased()).",
                field: "credential")
        }
        guard !secret.isEmpty else {
            throw ConnectorError(.authenticationFailed, message: "The credential holds no \(what).", fix: "Edit the credential and fill in \(what).")
        }
        return secret
    }

    /// One header carrying `secret` (a node's own scheme: `x-api-key`, `api-key`, `D360-API-KEY`); dropped when a
    /// redirect leaves the origin, and the secret joins the redactor.
    public static func header(_ name: String, _ value: String, secret: String) -> HTTPAuthentication {
        var authentication = HTTPAuthentication()
        authentication.headers = [(name, value)]
        authentication.credentialHeaders = [name]
        authentication.secrets = [secret]
        return authentication
    }

    private static func required(_ credential: Credential, _ field: String) throws(ConnectorError) -> String {
        guard let value = credential[field], !value.isEmpty else {
            throw ConnectorError(
                .authenticationFailed, message: "The \(credential.kind.displayName.lowercased()) credential has no '\(field)'.",
                fix: "Edit the credential and fill in '\(field)'.")
        }
        return value
    }

    /// A redactor for everything this authentication sent.
    public var redactor: Redactor { Redactor(secrets: secrets) }
}
