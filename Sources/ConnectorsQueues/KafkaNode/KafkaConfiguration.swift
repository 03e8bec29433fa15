import Foundation
import PlugboardCore

/// The `kafka` connector's fields: where the cluster is and how records are acknowledged.
public struct KafkaConfiguration: ConnectorConfiguration {
    /// How many replicas must have a record before Kafka acknowledges it.
    public enum Acks: String, FieldChoice {
        /// Every in-sync replica (acks=-1): nothing acknowledged is lost while one replica survives.
        case all
        /// The partition's leader alone (acks=1).
        case leader
        /// No acknowledgement (acks=0): no offsets come back and failures go unseen.
        case none

        var wire: Int16 {
            switch self {
            case .all: -1
            case .leader: 1
            case .none: 0
            }
        }
    }

    /// How each published batch is compressed.
    public enum Compression: String, FieldChoice {
        case none, gzip

        var batch: KafkaRecordBatch.Compression { self == .gzip ? .gzip : .none }
    }

    /// How each connection logs in with the credential.
    public enum SASL: String, FieldChoice {
        case none
        /// The password as it is: only over TLS.
        case plain
        case scramSHA256 = "scram-sha-256"
        case scramSHA512 = "scram-sha-512"
    }

    /// `host:port` pairs, comma-separated: where the client first asks for the cluster's brokers.
    public var bootstrapServers = ""
    public var clientID = "plugboard"
    /// TLS to every broker (Kafka's `SSL` security protocol).
    public var tls = false
    public var verifyTLS = true
    public var caCertificate = ""
    public var sasl = SASL.none
    public var acks = Acks.all
    public var compression = Compression.none
    /// Times a publish is tried again after a leader moved or a broker was briefly unavailable.
    public var retries = 3
    public var connectTimeout: Duration = .seconds(10)
    /// How long the broker may take to acknowledge a publish.
    public var requestTimeout: Duration = .seconds(30)
    /// Admin actions (creating topics) are refused unless this is on.
    public var allowAdmin = false
    /// Calls sharing the session's connections at once.
    public var maxConcurrency = 16

    public init() {}

    public static let fields = FieldList<Self> {
        Field(
            "bootstrapServers", \.bootstrapServers, title: "Bootstrap servers",
            description: "host:port of one or more brokers, comma-separated, such as kafka-1:9092,kafka-2:9092.", minLength: 1, required: true)
        Field("clientId", \.clientID, title: "Client id", description: "How the brokers' logs and quotas name this client.", minLength: 1)
        Field("tls", \.tls, title: "TLS", description: "Connect to every broker with TLS (the SSL security protocol).")
        Field("verifyTls", \.verifyTLS, title: "Verify TLS certificates", description: "Turn off only for development brokers.")
        Field("caCertificate", \.caCertificate, title: "CA certificate (PEM)", description: "Trusted instead of the system's certificate authorities.")
        Field("sasl", \.sasl, title: "SASL", description: "How to log in with the credential's username and password; plain only over TLS.")
        Field("acks", \.acks, title: "Acknowledgement", description: "all waits for every in-sync replica; leader for the leader alone; none waits for nothing.")
        Field("compression", \.compression, title: "Compression", description: "gzip compresses each published batch; reading handles none and gzip.")
        Field("retries", \.retries, title: "Retries", description: "Times a publish is tried again after a leader moved.", minimum: 0, maximum: 10)
        Field("connectTimeout", \.connectTimeout, title: "Connect timeout (seconds)", minimum: .milliseconds(100), maximum: .seconds(120))
        Field("requestTimeout", \.requestTimeout, title: "Acknowledgement timeout (seconds)", minimum: .seconds(1), maximum: .seconds(300))
        Field("allowAdmin", \.allowAdmin, title: "Allow admin actions", description: "Creating topics is refused unless this is on.")
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent calls", minimum: 1, maximum: 64)
    }

    public func validate() throws(ConnectorError) {
        _ = try endpoints()
        if !caCertificate.isEmpty, !PEMCertificates.areWellFormed(caCertificate) {
            throw .invalidConfiguration("The CA certificate is not a PEM certificate.", field: "caCertificate")
        }
        if sasl == .plain, !tls {
            throw .invalidConfiguration("SASL plain sends the password as it is: turn on TLS, or use SCRAM.", field: "sasl")
        }
        if clientID.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw .invalidConfiguration("The client id may not contain control characters.", field: "clientId")
        }
    }

    /// The bootstrap servers as endpoints; `host` alone means port 9092, IPv6 addresses go in brackets.
    func endpoints() throws(ConnectorError) -> [KafkaCluster.Endpoint] {
        var endpoints: [KafkaCluster.Endpoint] = []
        for part in bootstrapServers.split(separator: ",") {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let host: Substring
            var port = 9092
            if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
                host = text[text.index(after: text.startIndex)..<close]
                let rest = text[text.index(after: close)...]
                if rest.hasPrefix(":") {
                    guard let value = Int(rest.dropFirst()) else { throw Self.badServer(text) }
                    port = value
                }
            } else if let colon = text.lastIndex(of: ":") {
                host = text[..<colon]
                guard let value = Int(text[text.index(after: colon)...]) else { throw Self.badServer(text) }
                port = value
            } else {
                host = Substring(text)
            }
            guard !host.isEmpty, (1...65535).contains(port), !host.contains(where: { $0 == "/" || $0 == "@" || $0.isWhitespace }) else {
                throw Self.badServer(text)
            }
            endpoints.append(KafkaCluster.Endpoint(host: String(host), port: port))
        }
        guard !endpoints.isEmpty else { throw .invalidConfiguration("Give at least one bootstrap server, such as kafka:9092.", field: "bootstrapServers") }
        return endpoints
    }

    private static func badServer(_ text: String) -> ConnectorError {
        .invalidConfiguration("'\(text)' is not host:port, such as kafka:9092 or [2001:db8::1]:9092.", field: "bootstrapServers")
    }

    /// The login for `credential` (a username and password), nil without SASL.
    func login(_ credential: Credential?) throws(ConnectorError) -> KafkaSASL? {
        guard sasl != .none else { return nil }
        guard let credential, credential.kind == .usernamePassword else {
            throw .invalidConfiguration("SASL needs a username and password credential linked to the connector.", field: "credential")
        }
        let (username, password) = (credential["username"] ?? "", credential["password"] ?? "")
        switch sasl {
        case .none: return nil
        case .plain: return .plain(username: username, password: password)
        case .scramSHA256: return .scram(.sha256, username: username, password: password)
        case .scramSHA512: return .scram(.sha512, username: username, password: password)
        }
    }

    var tlsOptions: TLSOptions? {
        guard tls else { return nil }
        return TLSOptions(verification: verifyTLS ? .full : .none, trustRootsPEM: caCertificate.isEmpty ? nil : caCertificate)
    }

    /// One session's connections serve many calls at once: requests carry correlation ids.
    public var pooling: PoolSettings { .shared(maxConcurrency) }
}
