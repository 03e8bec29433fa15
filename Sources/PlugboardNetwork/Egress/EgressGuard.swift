import PlugboardCore

/// Resolves a host once, checks every address against the egress policy, and names the one to connect to.
///
/// Connecting to the returned address (never resolving the name again) is what closes the DNS-rebinding gap.
public struct EgressGuard: Sendable {
    /// Which addresses may be reached.
    public var policy: EgressPolicy
    /// How names become addresses.
    public var resolver: HostResolver

    /// A guard for `policy`, resolving names with `resolver`.
    public init(policy: EgressPolicy, resolver: HostResolver = .system) {
        self.policy = policy
        self.resolver = resolver
    }

    /// Every address `host` resolves to, after checking each one; throws `egress_denied` if any is refused.
    public func checkedAddresses(for host: String) async throws(ConnectorError) -> [IPAddress] {
        let name = HostResolver.unbracketed(host)
        let addresses = try await resolver.resolve(name)
        try policy.check(host: name, addresses: addresses)
        return addresses
    }

    /// The address to connect to for `host`: the first one it resolves to, once all of them passed the policy.
    public func checkedAddress(for host: String) async throws(ConnectorError) -> IPAddress {
        let addresses = try await checkedAddresses(for: host)
        return addresses[0].unmapped
    }
}
