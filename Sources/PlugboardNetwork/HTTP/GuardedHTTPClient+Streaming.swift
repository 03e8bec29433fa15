import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import PlugboardCore

extension GuardedHTTPClient {
    /// Sends a request through the same pinned, egress-checked clients as `send` and hands back the head as soon as
    /// it arrives, with the body delivered part by part (server-sent events, long polls, large downloads).
    ///
    /// The deadline bounds getting the head only. The body ends when the server closes it, fails with a mapped
    /// `ConnectorError`, and stops reading (closing the connection) when the consumer's task is cancelled or the
    /// consumer stops iterating. Redirects are not followed and `maxResponseBytes` does not apply: the consumer
    /// decides how much to read.
    func stream(_ request: HTTPRequestMessage, deadline: ContinuousClock.Instant) async throws -> HTTPStreamingResponse {
        let allowed = deadline - ContinuousClock.now
        let target = try RequestTarget(request.url)
        var lease: Lease?
        let response: HTTPClientResponse
        do {
            try Task.checkCancellation()
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw HTTPClientError.deadlineExceeded }
            let leased = try await self.lease(for: target)
            lease = leased
            var clientRequest = HTTPClientRequest(url: target.url.absoluteString)
            clientRequest.method = HTTPMethod(rawValue: request.method.uppercased())
            clientRequest.headers = HTTPHeaders(request.headers)
            if let body = request.body { clientRequest.body = .bytes(ByteBuffer(bytes: body)) }
            // AsyncHTTPClient drops this deadline once the head is in, so it does not cut a long body short.
            response = try await leased.client.execute(clientRequest, deadline: .now() + remaining.timeAmount)
        } catch {
            if let lease, lease.isEphemeral { try? await lease.client.shutdown() }
            throw failure(error, at: target, deadline: deadline, allowed: allowed)
        }
        let ephemeral = lease.flatMap { $0.isEphemeral ? $0.client : nil }
        let body = bodyStream(of: response, from: target, allowed: allowed, shuttingDown: ephemeral)
        return HTTPStreamingResponse(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: body)
    }

    /// The response body as a stream whose reading task ends when the consumer goes away.
    private func bodyStream(
        of response: HTTPClientResponse, from target: RequestTarget, allowed: Duration, shuttingDown ephemeral: HTTPClient?
    ) -> AsyncThrowingStream<[UInt8], any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self, throwing: (any Error).self)
        let failure = TransportFailure(target: target, connectTimeout: options.connectTimeout, allowed: allowed)
        let reader = Task {
            do {
                for try await part in response.body {
                    if case .terminated = continuation.yield(Array(part.readableBytesView)) { break }
                }
                continuation.finish()
            } catch {
                // A consumer that went away needs no error; anyone still reading learns why the body broke off.
                continuation.finish(throwing: Task.isCancelled ? CancellationError() : failure.map(error))
            }
            if let ephemeral { try? await ephemeral.shutdown() }
        }
        // Cancelling the consumer's task terminates the stream; cancelling the reader ends AsyncHTTPClient's body
        // iteration, which closes the connection instead of returning it to the pool half-read.
        continuation.onTermination = { _ in reader.cancel() }
        return stream
    }
}
