/// The shape of a credential: which fields it has and which of them are secret.
public struct CredentialKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind's name, such as `api_key`; stored and sent in the API.
    public let rawValue: String
    /// A kind from any name, known or not; `init?(named:)` accepts only known ones.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The kind's name.
    public var description: String { rawValue }

    /// A username and a secret password.
    public static let usernamePassword = Self(rawValue: "username_password")
    /// A secret token sent as `Authorization: Bearer`.
    public static let bearerToken = Self(rawValue: "bearer_token")
    /// A secret key sent in a header or query parameter.
    public static let apiKey = Self(rawValue: "api_key")
    /// OAuth2 client credentials or authorization code tokens, refreshed by Plugboard.
    public static let oauth2 = Self(rawValue: "oauth2")
    /// A username and an SSH private key with an optional passphrase.
    public static let sshKey = Self(rawValue: "ssh_key")
    /// A TLS client certificate and key, as PEM or a PKCS#12 bundle, for mutual TLS.
    public static let clientCertificate = Self(rawValue: "client_certificate")
    /// A private key with its certificate chain, as PEM or a PKCS#12 bundle, for digital signatures; the
    /// certificate's subject, issuer, serial and validity are read when it is saved and shown beside it.
    public static let signingKey = Self(rawValue: "signing_key")
    /// Any string fields, every one of them secret.
    public static let custom = Self(rawValue: "custom")

    /// Every kind Plugboard knows, in the order forms list them.
    public static let all: [CredentialKind] = [.usernamePassword, .bearerToken, .apiKey, .oauth2, .sshKey, .clientCertificate, .signingKey, .custom]

    /// A kind from its name, or nil when there is no such kind.
    public init?(named name: String) {
        guard let kind = Self.all.first(where: { $0.rawValue == name }) else { return nil }
        self = kind
    }
}

extension CredentialKind {
    /// Human-readable name of the kind.
    public var displayName: String {
        switch self {
        case .usernamePassword: return "Username and password"
        case .bearerToken: return "Bearer token"
        case .apiKey: return "API key"
        case .oauth2: return "OAuth2"
        case .sshKey: return "SSH key"
        case .clientCertificate: return "Client certificate"
        case .signingKey: return "Signing key"
        default: return "Custom"
        }
    }

    /// The fields of this kind as a JSON Schema; `writeOnly` marks the secret ones.
    ///
    /// `custom` accepts any string fields and treats every one of them as secret.
    public var schema: JSONValue {
        switch self {
        case .usernamePassword:
            return Schema.object(
                ["username": Schema.string(title: "Username", minLength: 1),
                 "password": Schema.string(title: "Password", writeOnly: true)],
                required: ["username", "password"])
        case .bearerToken:
            return Schema.object(["token": Schema.string(title: "Token", minLength: 1, writeOnly: true)], required: ["token"])
        case .apiKey:
            return Schema.object(
                ["key": Schema.string(title: "API key", minLength: 1, writeOnly: true),
                 "name": Schema.string(title: "Parameter name", description: "Header or query parameter that carries the key.", default: "X-API-Key", minLength: 1),
                 "placement": Schema.string(title: "Sent in", default: "header", enum: ["header", "query"])],
                required: ["key"])
        case .oauth2:
            return Schema.object(
                ["grantType": Schema.string(title: "Grant type", default: "client_credentials", enum: ["client_credentials", "authorization_code"]),
                 "authorizeUrl": Schema.string(
                    title: "Authorization URL", description: "Where users sign in and consent (authorization code grant).", format: "uri"),
                 "tokenUrl": Schema.string(title: "Token URL", format: "uri"),
                 "clientId": Schema.string(title: "Client ID"),
                 "clientSecret": Schema.string(title: "Client secret", description: "Empty for a public client, which PKCE protects.", writeOnly: true),
                 "scope": Schema.string(title: "Scope", description: "Space-separated scopes."),
                 "authorizeParameters": Schema.string(
                    title: "Extra authorization parameters", description: "Added to the authorization URL, such as access_type=offline&prompt=consent."),
                 "redirectUri": Schema.string(
                    title: "Redirect URI", description: "Registered with the provider; empty means this server's /oauth2/callback.", format: "uri"),
                 "userinfoUrl": Schema.string(
                    title: "User info URL", description: "Read to show who signed in when the token answer has no ID token.", format: "uri"),
                 "accessToken": Schema.string(title: "Access token", writeOnly: true),
                 "refreshToken": Schema.string(title: "Refresh token", writeOnly: true),
                 "expiresAt": Schema.string(title: "Access token expires at", format: "date-time"),
                 "connectedAs": Schema.string(title: "Signed in as", readOnly: true),
                 "connectedAt": Schema.string(title: "Signed in at", format: "date-time", readOnly: true)],
                required: ["tokenUrl", "clientId"])
        case .sshKey:
            return Schema.object(
                ["username": Schema.string(title: "Username", minLength: 1),
                 "privateKey": Schema.string(title: "Private key (OpenSSH or PEM)", minLength: 1, writeOnly: true),
                 "passphrase": Schema.string(title: "Passphrase", writeOnly: true)],
                required: ["username", "privateKey"])
        case .clientCertificate:
            return Schema.object(
                ["format": Schema.string(title: "Format", default: "pem", enum: ["pem", "pkcs12"]),
                 "certificate": Schema.string(title: "Certificate chain (PEM)"),
                 "privateKey": Schema.string(title: "Private key (PEM)", writeOnly: true),
                 "pkcs12": Schema.string(title: "PKCS#12 bundle (base64)", writeOnly: true),
                 "password": Schema.string(title: "PKCS#12 password", writeOnly: true)])
        case .signingKey:
            return Schema.object(
                ["format": Schema.string(title: "Format", default: "pkcs12", enum: ["pkcs12", "pem"]),
                 "pkcs12": Schema.string(title: "PKCS#12 file (base64)", description: "A .p12 or .pfx file, PBES2 or legacy.", writeOnly: true),
                 "password": Schema.string(title: "PKCS#12 password", writeOnly: true),
                 "certificate": Schema.string(title: "Certificate chain (PEM)", description: "The signer's certificate first, then its issuers."),
                 "privateKey": Schema.string(title: "Private key (PEM)", description: "PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted.", writeOnly: true),
                 "login": Schema.string(title: "Login", description: "For services that take a login with the signature, such as SmartBridge's sender id."),
                 "loginPassword": Schema.string(title: "Login password", description: "That login's password, such as SmartBridge's sender password.", writeOnly: true),
                 "subject": Schema.string(title: "Subject", readOnly: true),
                 "issuer": Schema.string(title: "Issuer", readOnly: true),
                 "serialNumber": Schema.string(title: "Serial number", readOnly: true),
                 "notBefore": Schema.string(title: "Valid from", format: "date-time", readOnly: true),
                 "notAfter": Schema.string(title: "Valid until", format: "date-time", readOnly: true),
                 "keyAlgorithm": Schema.string(title: "Key", readOnly: true)])
        default:
            return Schema.object([:], additionalProperties: Schema.string(writeOnly: true))
        }
    }

    /// Fields Plugboard sets itself (who signed in and when, a certificate's facts), refused in what users send.
    public var readOnlyFields: Set<String> {
        Set((schema["properties"]?.objectValue ?? [:]).filter { $0.value["readOnly"] == .bool(true) }.map(\.key))
    }

    /// Refuses `fields` that set a read-only field.
    public func refuseReadOnly(_ fields: JSONObject) throws(ConnectorError) {
        if let field = fields.keys.sorted().first(where: readOnlyFields.contains) {
            throw .invalidInput("'\(field)' is set by Plugboard (read from a sign-in or a certificate); it cannot be given.", field: field)
        }
    }

    /// Whether `field` of this kind is secret.
    public func isSecret(_ field: String) -> Bool {
        if self == .custom { return true }
        return Schema.writeOnlyFields(of: schema).contains(field)
    }

    /// Kind-specific checks beyond the schema (a PEM pair or a PKCS#12 bundle, an OAuth2 grant's needs).
    public func validate(_ fields: JSONObject) throws(ConnectorError) {
        try SchemaValidator.validate(.object(fields), against: schema, code: .invalidInput, subject: "credential")
        switch self {
        case .signingKey:
            let format = fields["format"]?.stringValue ?? "pkcs12"
            if format == "pem", fields["certificate"] == nil || fields["privateKey"] == nil {
                throw .invalidInput("A PEM signing key needs both 'certificate' and 'privateKey'.", field: fields["certificate"] == nil ? "certificate" : "privateKey")
            }
            if format == "pkcs12", fields["pkcs12"] == nil {
                throw .invalidInput("A PKCS#12 signing key needs the 'pkcs12' file, base64-encoded.", field: "pkcs12")
            }
        case .clientCertificate:
            let format = fields["format"]?.stringValue ?? "pem"
            if format == "pem", fields["certificate"] == nil || fields["privateKey"] == nil {
                throw .invalidInput("A PEM client certificate needs both 'certificate' and 'privateKey'.", field: fields["certificate"] == nil ? "certificate" : "privateKey")
            }
            if format == "pkcs12", fields["pkcs12"] == nil {
                throw .invalidInput("A PKCS#12 client certificate needs the 'pkcs12' bundle.", field: "pkcs12")
            }
        case .oauth2:
            let grant = fields["grantType"]?.stringValue ?? "client_credentials"
            if grant == "client_credentials", fields["clientSecret"] == nil {
                throw .invalidInput("The client credentials grant needs 'clientSecret'.", field: "clientSecret")
            }
            if grant == "authorization_code", fields["authorizeUrl"] == nil, fields["accessToken"] == nil, fields["refreshToken"] == nil {
                throw .invalidInput(
                    "The authorization code grant needs the 'authorizeUrl' users sign in at (or tokens obtained elsewhere).", field: "authorizeUrl")
            }
            if let parameters = fields["authorizeParameters"]?.stringValue {
                try OAuth2AuthorizeParameters.check(parameters)
            }
        default: break
        }
    }
}
