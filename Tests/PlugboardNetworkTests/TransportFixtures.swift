import PlugboardCore
import PlugboardNetwork

/// Shared set-up for transport tests: a network that allows loopback, and a request helper.
enum TransportFixtures {
    static let loopbackPolicy = EgressPolicy(allowed: EgressPolicy.loopback)

    static func transport(
        policy: EgressPolicy = loopbackPolicy, resolver: HostResolver = .system, options: HTTPClientOptions = HTTPClientOptions()
    ) async throws -> any HTTPTransport {
        try await GuardedNetwork(policy: policy, resolver: resolver).makeHTTPClient(options)
    }

    /// Sends one request with its own transport, shut down afterwards.
    static func send(
        _ request: HTTPRequestMessage, policy: EgressPolicy = loopbackPolicy, resolver: HostResolver = .system,
        options: HTTPClientOptions = HTTPClientOptions(), timeout: Duration = .seconds(30)
    ) async throws -> HTTPResponseMessage {
        let transport = try await transport(policy: policy, resolver: resolver, options: options)
        do {
            let response = try await transport.send(request, deadline: .now + timeout)
            await transport.shutdown()
            return response
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    static func get(_ url: String, policy: EgressPolicy = loopbackPolicy, options: HTTPClientOptions = HTTPClientOptions(), timeout: Duration = .seconds(30))
        async throws -> HTTPResponseMessage
    {
        try await send(HTTPRequestMessage(method: "GET", url: url), policy: policy, options: options, timeout: timeout)
    }
}
