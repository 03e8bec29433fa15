import NIOPosix
import PlugboardCore

/// Turns a host name into the addresses it resolves to, the way the connection itself would.
///
/// The system resolver runs `getaddrinfo` on NIO's blocking-I/O thread pool so no cooperative thread waits on DNS.
/// Every IP literal spelling the C library accepts (`127.1`, `2130706433`, `0x7f000001`, `[::ffff:127.0.0.1]`)
/// comes back as the address it really means, which is what the egress policy then checks.
public struct HostResolver: Sendable {
    private let lookup: @Sendable (String) async throws(ConnectorError) -> [IPAddress]

    /// A resolver backed by a custom lookup, for tests that need a name to resolve to a given address.
    public init(lookup: @escaping @Sendable (String) async throws(ConnectorError) -> [IPAddress]) {
        self.lookup = lookup
    }

    /// The system resolver (`getaddrinfo`), run on `threadPool`.
    public static func system(threadPool: NIOThreadPool = .singleton) -> HostResolver {
        HostResolver { (host: String) async throws(ConnectorError) -> [IPAddress] in
            if let literal = canonicalLiteral(host) { return [literal] }
            let result: Result<[IPAddress], ConnectorError>
            do {
                result = try await threadPool.runIfActive { Self.getaddrinfoLookup(host) }
            } catch {
                throw ConnectorError(.cancelled, message: "Resolving '\(host)' was interrupted: the resolver is shutting down.")
            }
            return try result.get()
        }
    }

    /// The system resolver on NIO's shared thread pool.
    public static let system: HostResolver = .system()

    /// The addresses `host` resolves to, in the resolver's order, without duplicates.
    ///
    /// Throws `connection_refused` when the name does not resolve.
    public func resolve(_ host: String) async throws(ConnectorError) -> [IPAddress] {
        try await lookup(Self.unbracketed(host))
    }

    /// The host without the square brackets URLs put around IPv6 literals.
    static func unbracketed(_ host: String) -> String {
        guard host.hasPrefix("["), host.hasSuffix("]"), host.count >= 2 else { return host }
        return String(host.dropFirst().dropLast())
    }

    /// An address written in its one canonical form, which needs no resolver; anything looser goes to `getaddrinfo`.
    static func canonicalLiteral(_ host: String) -> IPAddress? {
        guard let address = IPAddress(host), !host.contains("%") else { return nil }
        if address.isIPv4 { return address.description == host ? address : nil }
        return address
    }
}
