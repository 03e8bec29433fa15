import Hummingbird

/// Runs `body` with a started `UpstreamServer` and stops it afterwards, whether `body` succeeds or throws.
public func withUpstreamServer<Value>(
    routes: @escaping UpstreamServer.Routes = { _, _ in }, _ body: (UpstreamServer) async throws -> Value
) async throws -> Value {
    let server = UpstreamServer(routes: routes)
    try await server.start()
    do {
        let value = try await body(server)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}

/// Runs `body` with a started `SilentServer` and stops it afterwards.
public func withSilentServer<Value>(_ body: (SilentServer) async throws -> Value) async throws -> Value {
    let server = SilentServer()
    try await server.start()
    do {
        let value = try await body(server)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}

/// Runs `body` with a started `TLSTestServer` (fresh certificates) and stops it afterwards.
public func withTLSTestServer<Value>(
    requireClientCertificate: Bool = false, _ body: (TLSTestServer) async throws -> Value
) async throws -> Value {
    let server = try await TLSTestServer(requireClientCertificate: requireClientCertificate)
    try await server.start()
    do {
        let value = try await body(server)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}
