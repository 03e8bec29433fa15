import PlugboardCore

/// Header names that carry credentials, which HTTP nodes refuse in their stored options.
///
/// Connection options are stored in clear; credentials are encrypted, so a secret header belongs in a credential.
public enum SecretHeaders {
    /// Lowercase names of headers that carry credentials.
    public static let names: Set<String> = ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]

    /// Throws `invalid_configuration` naming the first of `headers` that carries a secret; `field` is the option's name.
    public static func refuse(in headers: [(String, String)], field: String = "headers") throws(ConnectorError) {
        guard let name = headers.first(where: { names.contains($0.0.lowercased()) })?.0 else { return }
        throw .invalidConfiguration(
            "The header '\(name)' carries a secret, and connection options are stored in clear. Put it in a credential (bearer token, API key or custom) and link that credential.",
            field: "\(field).\(name)")
    }
}
