/// How a TCP connection is secured with TLS, as a plain value: the network layer alone turns it into a TLS setup, so
/// every node that speaks TLS (directly, or after a STARTTLS upgrade) verifies, trusts and identifies itself the same way.
public struct TLSOptions: Sendable {
    /// How much of the server's certificate is checked.
    public struct Verification: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        /// The chain must lead to a trusted root and the certificate must name the host.
        public static let full = Verification(name: "full")
        /// The chain must lead to a trusted root; the name is not checked (servers reached by an address).
        public static let noHostname = Verification(name: "no-hostname")
        /// Nothing is checked; for development servers only.
        public static let none = Verification(name: "none")

        public var description: String { name }
    }

    /// How much of the server's certificate is checked.
    public var verification: Verification
    /// PEM certificates of the authorities to trust instead of the system's; nil trusts the system's.
    public var trustRootsPEM: String?
    /// A client-certificate credential (PEM chain and key, or a PKCS#12 bundle) presented when the server asks.
    public var clientIdentity: Credential?
    /// The name sent for SNI and checked against the certificate; nil uses the host when it is a name.
    public var serverName: String?

    public init(
        verification: Verification = .full, trustRootsPEM: String? = nil, clientIdentity: Credential? = nil, serverName: String? = nil
    ) {
        self.verification = verification
        self.trustRootsPEM = trustRootsPEM
        self.clientIdentity = clientIdentity
        self.serverName = serverName
    }
}
