import PlugboardCore

/// The `ftp` connector's fields: the server, how the connection is secured, and the folder every path stays inside.
public struct FTPConfiguration: ConnectorConfiguration {
    /// How the connection is secured.
    public enum Encryption: String, FieldChoice {
        /// Plain text, password included; for servers on a trusted network only.
        case none
        /// Plain first, upgraded with AUTH TLS before login; data connections protected too (PBSZ 0, PROT P).
        case explicit
        /// TLS from the first byte (FTPS, port 990).
        case implicit
    }

    public var host = ""
    public var port = 21
    public var encryption = Encryption.explicit
    public var verifyTLS = true
    public var caCertificate = ""
    /// An absolute folder on the server, or empty for the login folder.
    public var root = ""
    public var connectTimeout: Duration = .seconds(15)
    /// How long one command may wait for the server's reply.
    public var replyTimeout: Duration = .seconds(60)
    /// Control connections kept open at most; each serves one call at a time.
    public var poolSize = 4
    /// The largest file a download returns (as text or base64 in the answer).
    public var maxDownloadBytes = 100 << 20

    public init() {}

    public static let fields = FieldList<Self> {
        Field("host", \.host, title: "Host", description: "The FTP server, such as ftp.example.com.", minLength: 1, required: true)
        Field("port", \.port, title: "Port", description: "21 for plain and explicit TLS, 990 for implicit TLS.", minimum: 1, maximum: 65535)
        Field(
            "encryption", \.encryption, title: "Encryption",
            description: "explicit upgrades with AUTH TLS before login; implicit is TLS from the start; none sends the password in clear.")
        Field("verifyTls", \.verifyTLS, title: "Verify TLS certificates", description: "Turn off only for development servers.")
        Field("caCertificate", \.caCertificate, title: "CA certificate (PEM)", description: "Trusted instead of the system's certificate authorities.")
        Field("root", \.root, title: "Root folder", description: "Every path stays inside it; empty is the login folder.")
        Field("connectTimeout", \.connectTimeout, title: "Connect timeout (seconds)", minimum: .milliseconds(100), maximum: .seconds(300))
        Field("replyTimeout", \.replyTimeout, title: "Reply timeout (seconds)", description: "How long one command may wait for the server's reply.", minimum: .seconds(1), maximum: .seconds(600))
        Field("poolSize", \.poolSize, title: "Connections", description: "Control connections kept open at most.", minimum: 1, maximum: 32)
        Field("maxDownloadBytes", \.maxDownloadBytes, title: "Largest download (bytes)", minimum: 1, maximum: 1 << 30)
    }

    public func validate() throws(ConnectorError) {
        if !caCertificate.isEmpty, !PEMCertificates.areWellFormed(caCertificate) {
            throw .invalidConfiguration("The CA certificate is not a PEM certificate.", field: "caCertificate")
        }
        if !root.isEmpty { _ = try RemoteRoot(root) }
        if host.unicodeScalars.contains(where: { $0.value < 0x21 || "/?#@".unicodeScalars.contains($0) }) {
            throw .invalidConfiguration("The host is a name or an address, such as ftp.example.com, without a scheme or path.", field: "host")
        }
    }

    /// Each call has a control connection of its own: FTP runs one command at a time.
    public var pooling: PoolSettings { .exclusive(poolSize, idleTimeout: .seconds(60)) }
}
