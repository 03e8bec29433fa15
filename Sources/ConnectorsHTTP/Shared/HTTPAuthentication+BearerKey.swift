import PlugboardCore

extension HTTPAuthentication {
    /// For services that take their API key as a bearer token (Outline, Carbone, amoCRM's long-lived tokens): an API
    /// key credential becomes `Authorization: Bearer <key>`; bearer token and OAuth2 credentials go as `init(credential:)`
    /// sends them. Without a credential, `authentication_failed` says the `service` needs `what`.
    public static func bearerKey(service: String, what: String) -> HTTPCallAuthentication.Authenticate {
        { credential throws(ConnectorError) in
            guard let credential else {
                throw ConnectorError(.authenticationFailed, message: "A \(service) connector needs \(what) as its credential.", fix: "Link one to the connector.")
            }
            guard credential.kind == .apiKey else { return try HTTPAuthentication(credential: credential) }
            let key = try keyOrToken(of: credential, what: what)
            return .header("Authorization", "Bearer \(key)", secret: key)
        }
    }
}
