import PlugboardCore

/// The `sftp` connector's fields: the server, its pinned host key, and the folder every path stays inside.
public struct SFTPConfiguration: ConnectorConfiguration {
    public var host = ""
    public var port = 22
    /// The host key's `SHA256:…` fingerprint, as `ssh-keygen -lf` prints it.
    public var hostKeyFingerprint = ""
    /// Accept any host key when none is pinned (the fingerprint seen is reported by the connection test).
    public var trustOnFirstUse = false
    /// An absolute folder on the server, or empty for the login folder.
    public var root = ""
    public var connectTimeout: Duration = .seconds(15)
    /// Reads or writes in flight at once for one transfer, 32 KiB each.
    public var pipelineDepth = 16
    /// Calls sharing one SSH connection at once.
    public var maxConcurrency = 8
    /// SFTP channels the connection opens at most, as concurrent calls need them (OpenSSH serves each with its own
    /// sftp-server).
    public var channels = 4
    /// The largest file a download returns (as text or base64 in the answer).
    public var maxDownloadBytes = 100 << 20

    public init() {}

    public static let fields = FieldList<Self> {
        Field("host", \.host, title: "Host", description: "The SSH server, such as files.example.com.", minLength: 1, required: true)
        Field("port", \.port, title: "Port", minimum: 1, maximum: 65535)
        Field(
            "hostKeyFingerprint", \.hostKeyFingerprint, title: "Host key fingerprint",
            description: "SHA256:… of the server's host key (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). Connections to any other key are refused.")
        Field(
            "trustOnFirstUse", \.trustOnFirstUse, title: "Trust the first host key",
            description: "Without a pinned fingerprint, accept the server's key; the connection test shows the fingerprint to pin.")
        Field("root", \.root, title: "Root folder", description: "Every path stays inside it; empty is the login folder.")
        Field("connectTimeout", \.connectTimeout, title: "Connect timeout (seconds)", minimum: .milliseconds(100), maximum: .seconds(300))
        Field("pipelineDepth", \.pipelineDepth, title: "Requests in flight per transfer", minimum: 1, maximum: 64)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent calls", minimum: 1, maximum: 64)
        Field(
            "channels", \.channels, title: "SFTP channels per connection",
            description: "Concurrent calls spread over up to this many channels of the one SSH connection.", minimum: 1, maximum: 16)
        Field("maxDownloadBytes", \.maxDownloadBytes, title: "Largest download (bytes)", minimum: 1, maximum: 1 << 30)
    }

    public func validate() throws(ConnectorError) {
        if !hostKeyFingerprint.isEmpty, !hostKeyFingerprint.hasPrefix("SHA256:") {
            throw .invalidConfiguration("The host key fingerprint starts with SHA256:, as ssh-keygen -lf prints it.", field: "hostKeyFingerprint")
        }
        if !root.isEmpty { _ = try RemoteRoot(root) }
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }
}
