import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL
import PlugboardCore
import Synchronization

/// A session's HTTP transport: every origin it talks to is resolved once, checked by the egress guard, and pinned
/// to the checked address for the life of the transport; redirects are followed here and checked again.
///
/// Each pinned origin has its own AsyncHTTPClient whose `dnsOverride` sends the socket to the checked address,
/// while the Host header, SNI and certificate verification keep using the host name.
final class GuardedHTTPClient: HTTPTransport {
    /// Origins pinned and kept at most; beyond that a redirect target gets a client for one request.
    static let maximumPinnedOrigins = 16

    let options: HTTPClientOptions
    let egress: EgressGuard
    let eventLoopGroup: any EventLoopGroup
    let tlsConfiguration: TLSConfiguration
    private let state = Mutex(State())

    private struct State {
        var clients: [String: HTTPClient] = [:]
        var isShutDown = false
    }

    /// A client for one request: pinned and shared, or made for this request alone and shut down after it.
    struct Lease {
        var client: HTTPClient
        var isEphemeral: Bool
    }

    init(options: HTTPClientOptions, egress: EgressGuard, eventLoopGroup: any EventLoopGroup) throws(ConnectorError) {
        self.options = options
        self.egress = egress
        self.eventLoopGroup = eventLoopGroup
        self.tlsConfiguration = try .plugboardClient(
            TLSOptions(verification: options.verifyTLS ? .full : .none, clientIdentity: options.clientCertificate))
    }

    deinit {
        // A session dropped without `shutdown()` still releases its connections.
        let leftover = state.withLock { Array($0.clients.values) }
        for client in leftover { client.shutdown { _ in } }
    }

    func send(_ request: HTTPRequestMessage, deadline: ContinuousClock.Instant) async throws -> HTTPResponseMessage {
        let allowed = deadline - ContinuousClock.now
        var request = request
        var target = try RequestTarget(request.url)
        var followed = 0
        while true {
            let response = try await perform(request, at: target, deadline: deadline, allowed: allowed)
            guard followed < options.maxRedirects, let step = RedirectStep(after: response, to: request, at: target) else {
                return response
            }
            followed += 1
            request = step.request
            target = step.target
        }
    }

    func shutdown() async {
        let clients = state.withLock { state in
            state.isShutDown = true
            defer { state.clients = [:] }
            return Array(state.clients.values)
        }
        for client in clients { try? await client.shutdown() }
    }

    /// One exchange with one origin, failures mapped to `ConnectorError`.
    private func perform(
        _ request: HTTPRequestMessage, at target: RequestTarget, deadline: ContinuousClock.Instant, allowed: Duration
    ) async throws(ConnectorError) -> HTTPResponseMessage {
        var lease: Lease?
        do {
            try Task.checkCancellation()
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw HTTPClientError.deadlineExceeded }
            let leased = try await self.lease(for: target)
            lease = leased
            let response = try await execute(request, at: target, on: leased.client, deadline: .now() + remaining.timeAmount)
            if leased.isEphemeral { try? await leased.client.shutdown() }
            return response
        } catch {
            if let lease, lease.isEphemeral { try? await lease.client.shutdown() }
            throw failure(error, at: target, deadline: deadline, allowed: allowed)
        }
    }

    /// What a failed exchange with `target` means to a user.
    func failure(_ error: any Error, at target: RequestTarget, deadline: ContinuousClock.Instant, allowed: Duration) -> ConnectorError {
        let failure = TransportFailure(target: target, connectTimeout: options.connectTimeout, allowed: allowed)
        if Task.isCancelled, !(error is ConnectorError) {
            return ConnectorError(.cancelled, message: "The request to \(failure.endpoint) was cancelled.")
        }
        var mapped = failure.map(error)
        // A request whose deadline passes while it waits for a pooled connection comes back "cancelled".
        if mapped.code == .cancelled, ContinuousClock.now >= deadline {
            mapped = failure.map(HTTPClientError.deadlineExceeded)
        }
        if let proxy = options.proxy, mapped.code != .egressDenied, mapped.code != .invalidInput {
            mapped.cause = "The request went through the proxy \(proxy.endpoint): the proxy or the service failed. \(mapped.cause)"
            mapped.fix = "Check that the proxy is running and can reach the service. \(mapped.fix)"
        }
        return mapped
    }

    private func execute(
        _ request: HTTPRequestMessage, at target: RequestTarget, on client: HTTPClient, deadline: NIODeadline
    ) async throws -> HTTPResponseMessage {
        let clientRequest = try HTTPClient.Request(
            url: target.url, method: HTTPMethod(rawValue: request.method.uppercased()), headers: HTTPHeaders(request.headers),
            body: request.body.map { .bytes($0) })
        let limit = min(max(0, options.maxResponseBytes), ResponseAccumulator.maximumBodySize)
        let accumulator = ResponseAccumulator(request: clientRequest, maxBodySize: limit)
        // The delegate API keeps the deadline over the whole exchange, body included, and buffers on the event loop.
        let task = client.execute(request: clientRequest, delegate: accumulator, eventLoop: .indifferent, deadline: deadline)
        let response = try await withTaskCancellationHandler {
            try await task.get()
        } onCancel: {
            task.cancel()
        }
        return HTTPResponseMessage(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: response.body.map { Array($0.readableBytesView) } ?? [])
    }

    /// The pinned client for `target`'s origin, resolving and checking the host the first time it is seen.
    func lease(for target: RequestTarget) async throws(ConnectorError) -> Lease {
        let origin = target.origin
        let cached: HTTPClient?? = state.withLock { state in state.isShutDown ? .some(nil) : state.clients[origin].map { $0 } }
        switch cached {
        case .some(.some(let client)): return Lease(client: client, isEphemeral: false)
        case .some(.none): throw closed()
        case .none: break
        }
        let configuration = try await checkedConfiguration(for: target)
        let pinned: HTTPClient?? = state.withLock { state in
            if state.isShutDown { return .some(nil) }
            if let existing = state.clients[origin] { return existing }
            guard state.clients.count < Self.maximumPinnedOrigins else { return .none }
            let client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration)
            state.clients[origin] = client
            return client
        }
        switch pinned {
        case .some(.some(let client)): return Lease(client: client, isEphemeral: false)
        case .some(.none): throw closed()
        case .none: return Lease(client: HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration), isEphemeral: true)
        }
    }

    /// A client configuration for `target` once the egress guard allowed it: pinned to the checked address, or,
    /// through a proxy, pinned to the proxy's checked address after the target's own addresses passed too.
    private func checkedConfiguration(for target: RequestTarget) async throws(ConnectorError) -> HTTPClient.Configuration {
        guard let proxy = options.proxy else {
            return configuration(pinning: target.host, to: try await egress.checkedAddress(for: target.host))
        }
        // The proxy resolves the target itself, so the target is checked here as the proxy would reach it:
        // a proxy must not become a way into a denied range.
        _ = try await egress.checkedAddresses(for: target.host)
        let proxyAddress = try await egress.checkedAddress(for: proxy.host)
        var configuration = baseConfiguration()
        configuration.proxy = .server(host: proxyAddress.description, port: proxy.port)
        return configuration
    }

    private func configuration(pinning host: String, to address: IPAddress) -> HTTPClient.Configuration {
        var configuration = baseConfiguration()
        let pinned = address.description
        // AsyncHTTPClient looks the override up by the URL's host, bracketed when it is an IPv6 literal.
        configuration.dnsOverride = [host: pinned, "[\(host)]": pinned]
        return configuration
    }

    private func baseConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tlsConfiguration, redirectConfiguration: .disallow,
            timeout: .init(connect: options.connectTimeout.timeAmount, read: nil))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, options.maxConnectionsPerHost)
        // Fail fast on a refused connection; the driver decides whether to retry.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Plugboard exports no traces; even a no-op span per request shows in the profile.
        configuration.tracing.tracer = nil
        return configuration
    }

    private func closed() -> ConnectorError {
        ConnectorError(.cancelled, message: "The connector's HTTP session is closed.", cause: "The session was shut down while the request was waiting.")
    }
}
