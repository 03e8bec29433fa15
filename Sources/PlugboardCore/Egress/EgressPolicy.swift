/// Which addresses Plugboard may connect to. Explicit denials win over explicit allowances, which win over the defaults.
public struct EgressPolicy: Sendable, Hashable {
    /// Blocks always refused unless explicitly allowed: link-local, cloud metadata, unspecified, multicast, broadcast.
    public static let defaultDenied: [CIDRBlock] = [
        "0.0.0.0/8", "169.254.0.0/16", "100.100.100.200/32", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "fe80::/10", "fd00:ec2::254/128", "ff00::/8",
    ].compactMap(CIDRBlock.init)
    /// The machine's own loopback, refused by default so connectors cannot reach Plugboard's neighbours.
    public static let loopback: [CIDRBlock] = ["127.0.0.0/8", "::1/128"].compactMap(CIDRBlock.init)

    /// Blocks explicitly allowed, overriding the defaults (`PLUGBOARD_EGRESS_ALLOW`).
    public var allowed: [CIDRBlock]
    /// Blocks explicitly denied, winning over everything (`PLUGBOARD_EGRESS_DENY`).
    public var denied: [CIDRBlock]

    /// A policy with these explicit blocks; with none, only the defaults apply.
    public init(allowed: [CIDRBlock] = [], denied: [CIDRBlock] = []) {
        self.allowed = allowed
        self.denied = denied
    }

    /// The policy from `PLUGBOARD_EGRESS_ALLOW` and `PLUGBOARD_EGRESS_DENY` (comma-separated CIDRs).
    public static func fromEnvironment(_ environment: [String: String]) throws(ConnectorError) -> EgressPolicy {
        func blocks(_ name: String) throws(ConnectorError) -> [CIDRBlock] {
            guard let text = environment[name], !text.isEmpty else { return [] }
            var result: [CIDRBlock] = []
            for part in text.split(separator: ",") {
                guard let block = CIDRBlock(String(part)) else {
                    throw .invalidConfiguration("\(name) has '\(part)', which is not a CIDR block such as 10.0.0.0/8.", field: name)
                }
                result.append(block)
            }
            return result
        }
        return EgressPolicy(allowed: try blocks("PLUGBOARD_EGRESS_ALLOW"), denied: try blocks("PLUGBOARD_EGRESS_DENY"))
    }

    /// Why an address is refused, or nil when it may be used. An IPv6 address that carries an IPv4 address
    /// (IPv4-compatible, NAT64, 6to4) must pass for both.
    public func denial(for address: IPAddress) -> String? {
        if let embedded = address.embeddedIPv4, let reason = ownDenial(for: embedded) { return "it carries \(embedded), and \(reason)" }
        return ownDenial(for: address)
    }

    private func ownDenial(for address: IPAddress) -> String? {
        if denied.contains(where: { $0.contains(address) }) { return "it is in a denied range" }
        if allowed.contains(where: { $0.contains(address) }) { return nil }
        if Self.loopback.contains(where: { $0.contains(address) }) { return "it is a loopback address" }
        if Self.defaultDenied.contains(where: { $0.contains(address) }) {
            return "it is a link-local, cloud-metadata or reserved address"
        }
        return nil
    }

    /// Throws `egress_denied` unless every address a host resolved to is allowed.
    public func check(host: String, addresses: [IPAddress]) throws(ConnectorError) {
        guard !addresses.isEmpty else {
            throw ConnectorError(.connectionRefused, message: "The host '\(host)' did not resolve to any address.", cause: "The name does not exist or DNS is unreachable.", fix: "Check the host name.")
        }
        for address in addresses {
            if let reason = denial(for: address) {
                throw ConnectorError(.egressDenied, message: "Connecting to '\(host)' (\(address)) is not allowed: \(reason).")
            }
        }
    }
}
