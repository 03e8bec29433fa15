import PlugboardCore

/// The `smtp` connector's fields: the server, how the connection is secured, how to log in, and the defaults a
/// message gets.
public struct SMTPConfiguration: ConnectorConfiguration {
    /// How the connection is secured.
    public enum Encryption: String, FieldChoice {
        /// Plain text; for servers on a trusted network only.
        case none
        /// Plain first, upgraded with STARTTLS before anything else is sent (port 587).
        case starttls
        /// TLS from the first byte (port 465).
        case tls
    }

    /// How to log in with the credential.
    public enum Authentication: String, FieldChoice {
        /// The best mechanism the server offers (CRAM-MD5, then PLAIN, then LOGIN); none without a credential.
        case auto
        case none
        case plain
        case login
        case cramMD5 = "cram-md5"
    }

    public var host = ""
    public var port = 587
    public var encryption = Encryption.starttls
    public var authentication = Authentication.auto
    /// The sender when a message names none, such as `Reports <reports@example.com>`.
    public var defaultFrom = ""
    /// The name this client gives in EHLO.
    public var ehloName = "localhost"
    public var verifyTLS = true
    public var caCertificate = ""
    public var connectTimeout: Duration = .seconds(10)
    /// How long one command may wait for its reply (DATA's included).
    public var timeout: Duration = .seconds(60)
    /// Connections kept open at most; each sends one message at a time and is reused with RSET.
    public var poolSize = 4

    public init() {}

    public static let fields = FieldList<Self> {
        Field("host", \.host, title: "Host", description: "The SMTP server, such as smtp.example.com.", minLength: 1, required: true)
        Field("port", \.port, title: "Port", description: "587 for STARTTLS, 465 for TLS, 25 between servers.", minimum: 1, maximum: 65535)
        Field("encryption", \.encryption, title: "Encryption", description: "starttls upgrades a plain connection; tls is TLS from the start; none sends in clear.")
        Field(
            "authentication", \.authentication, title: "Authentication",
            description: "auto picks the best the server offers when a credential is linked; plain and login are refused without TLS.")
        Field("defaultFrom", \.defaultFrom, title: "Default sender", description: "Used when a message has no 'from', such as Reports <reports@example.com>.")
        Field("ehloName", \.ehloName, title: "EHLO name", description: "The name this client announces.", minLength: 1)
        Field("verifyTls", \.verifyTLS, title: "Verify TLS certificates", description: "Turn off only for development servers.")
        Field("caCertificate", \.caCertificate, title: "CA certificate (PEM)", description: "Trusted instead of the system's certificate authorities.")
        Field("connectTimeout", \.connectTimeout, title: "Connect timeout (seconds)", minimum: .milliseconds(100), maximum: .seconds(300))
        Field("timeout", \.timeout, title: "Reply timeout (seconds)", description: "How long one command may wait for the server's reply.", minimum: .milliseconds(100), maximum: .seconds(600))
        Field("poolSize", \.poolSize, title: "Connections", description: "Connections kept open at most.", minimum: 1, maximum: 64)
    }

    public func validate() throws(ConnectorError) {
        if !caCertificate.isEmpty, !PEMCertificates.areWellFormed(caCertificate) {
            throw .invalidConfiguration("The CA certificate is not a PEM certificate.", field: "caCertificate")
        }
        if !defaultFrom.isEmpty {
            do {
                _ = try Mailbox(parsing: defaultFrom, field: "defaultFrom")
            } catch {
                throw .invalidConfiguration("The default sender is not an address such as Reports <reports@example.com>.", field: "defaultFrom")
            }
        }
        if ehloName.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw .invalidConfiguration("The EHLO name is one word, such as mail.example.com.", field: "ehloName")
        }
    }

    /// Each execution has a connection of its own.
    public var pooling: PoolSettings { .exclusive(poolSize, idleTimeout: .seconds(60)) }

    var endpoint: TCPConnectOptions {
        TCPConnectOptions(host: host, port: port, connectTimeout: connectTimeout, tls: encryption == .tls ? tls : nil)
    }

    var tls: TLSOptions {
        TLSOptions(verification: verifyTLS ? .full : .none, trustRootsPEM: caCertificate.isEmpty ? nil : caCertificate)
    }
}
