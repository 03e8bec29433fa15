import PlugboardCore

/// Maps an operation's security requirements onto the linked credential, through `HTTPAuthentication`.
///
/// The first alternative the credential can satisfy wins: an API key goes where its scheme says (header, query or
/// cookie, under the scheme's parameter name), bearer tokens and OAuth2 access tokens in `Authorization: Bearer`,
/// username and password as Basic. A document that declares no security gets the credential as it is configured; an
/// operation whose security is `[]` gets none.
enum OpenAPIAuthentication {
    static func make(
        for operation: OpenAPIOperation, schemes: [String: OpenAPISecurityScheme], credential: Credential?
    ) throws(ConnectorError) -> HTTPAuthentication {
        guard let credential else { return HTTPAuthentication() }
        guard let alternatives = operation.security else { return try HTTPAuthentication(credential: credential) }
        var anonymousAllowed = alternatives.isEmpty
        for alternative in alternatives {
            if alternative.isEmpty {
                anonymousAllowed = true
                continue
            }
            var combined = HTTPAuthentication()
            var satisfied = true
            for name in alternative {
                guard let scheme = schemes[name], let part = try authentication(for: scheme, credential: credential) else {
                    satisfied = false
                    break
                }
                combined.headers += part.headers
                combined.query += part.query
                combined.credentialHeaders += part.credentialHeaders
                combined.secrets += part.secrets
            }
            if satisfied { return combined }
        }
        return anonymousAllowed ? HTTPAuthentication() : try HTTPAuthentication(credential: credential)
    }

    /// What `credential` adds for `scheme`, or nil when the credential's kind cannot serve it.
    private static func authentication(for scheme: OpenAPISecurityScheme, credential: Credential) throws(ConnectorError) -> HTTPAuthentication? {
        switch (scheme.type, credential.kind) {
        case ("apiKey", .apiKey):
            guard let name = scheme.parameterName, !name.isEmpty else { return nil }
            if scheme.location == "cookie" {
                guard let key = credential["key"], !key.isEmpty else { return try HTTPAuthentication(credential: credential) }
                var cookie = HTTPAuthentication()
                cookie.headers = [("Cookie", "\(name)=\(key)")]
                cookie.credentialHeaders = ["Cookie"]
                cookie.secrets = [key]
                return cookie
            }
            var placed = credential
            placed.fields["name"] = name
            placed.fields["placement"] = scheme.location == "query" ? "query" : "header"
            return try HTTPAuthentication(credential: placed)
        case ("http", .bearerToken), ("http", .oauth2):
            return scheme.httpScheme == "bearer" ? try HTTPAuthentication(credential: credential) : nil
        case ("http", .usernamePassword):
            return scheme.httpScheme == "basic" ? try HTTPAuthentication(credential: credential) : nil
        case ("oauth2", .oauth2), ("oauth2", .bearerToken), ("openIdConnect", .oauth2), ("openIdConnect", .bearerToken):
            return try HTTPAuthentication(credential: credential)
        case ("mutualTLS", .clientCertificate):
            return HTTPAuthentication()
        default:
            return nil
        }
    }
}
