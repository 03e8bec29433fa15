import NIOCore
import NIOPosix
import PlugboardCore

/// The network access the runtime hands drivers: every connection passes the egress guard.
///
/// It resolves each host once, checks every address against the policy, and connects to the checked address,
/// so a name cannot be re-pointed (DNS rebinding) between the check and the connection. Redirects are checked again.
public struct GuardedNetwork: NetworkAccess {
    /// The check every outbound connection passes.
    public let egress: EgressGuard
    /// Where connections run.
    public let eventLoopGroup: any EventLoopGroup

    /// A network that resolves names with the system resolver.
    public init(policy: EgressPolicy, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.init(policy: policy, resolver: .system, eventLoopGroup: eventLoopGroup)
    }

    /// A network with a custom resolver, for tests that need names to resolve to chosen addresses.
    public init(policy: EgressPolicy, resolver: HostResolver, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.egress = EgressGuard(policy: policy, resolver: resolver)
        self.eventLoopGroup = eventLoopGroup
    }

    /// The egress policy in force.
    public var policy: EgressPolicy { egress.policy }

    /// An HTTP transport for one session; throws `invalid_configuration` when the client certificate cannot be read.
    public func makeHTTPClient(_ options: HTTPClientOptions) async throws -> any HTTPTransport {
        try GuardedHTTPClient(options: options, egress: egress, eventLoopGroup: eventLoopGroup)
    }

    public func checkedAddress(for host: String) async throws -> IPAddress {
        try await egress.checkedAddress(for: host)
    }

    public func denial(connectingTo address: IPAddress) -> String? {
        egress.policy.denial(for: address)
    }
}
