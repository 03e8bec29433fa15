import PlugboardCore

extension HTTPRetryPolicy {
    /// Sends `request` through `transport`, retrying idempotent methods after refused or timed-out connections and
    /// 429, 502, 503 and 504 (and any method after 429 and 503 when `retriesUnprocessed` says so: the service did not
    /// process the request), with jittered exponential backoff and `Retry-After`, never past the context's deadline.
    ///
    /// Each attempt may take `attemptTimeout`; `service` names the host in messages; `retryAfter` reads the wait a
    /// refusal asks for (the `Retry-After` header unless the service says it elsewhere); `isRefusal` names refusals of
    /// other statuses (Google's 403 `rateLimitExceeded`), retried as a 429 is. Statuses are returned, not judged.
    public func send(
        _ request: HTTPRequestMessage, through transport: any HTTPTransport, attemptTimeout: Duration, context: CallContext,
        service: String, retryAfter: (HTTPResponseMessage) -> Double? = HTTPRetryPolicy.retryAfterHeader,
        isRefusal: (HTTPResponseMessage) -> Bool = { _ in false }
    ) async throws(ConnectorError) -> HTTPExchange {
        let mayRetry = allowsRetry(of: request.method)
        var attempt = 0
        while true {
            attempt += 1
            let deadline = min(context.deadline, .now + attemptTimeout)
            let failure: ConnectorError
            do {
                let response = try await transport.send(request, deadline: deadline)
                let refused = response.status >= 400 && isRefusal(response)
                let unprocessed = retriesUnprocessed && (refused || HTTPRetryPolicy.unprocessedStatuses.contains(response.status))
                guard HTTPRetryPolicy.retryableStatuses.contains(response.status) || refused, mayRetry || unprocessed, attempt <= retries else {
                    return HTTPExchange(response: response, attempts: attempt)
                }
                guard try await wait(before: attempt, retryAfter: retryAfter(response), until: context.deadline, service: service) else {
                    return HTTPExchange(response: response, attempts: attempt)
                }
                continue
            } catch let error as ConnectorError {
                failure = error
            } catch {
                failure = Task.isCancelled
                    ? ConnectorError(.cancelled, message: "The request to \(service) was cancelled.")
                    : ConnectorError(.upstreamError, message: "The request to \(service) failed.")
            }
            guard HTTPRetryPolicy.retryableCodes.contains(failure.code), mayRetry, attempt <= retries,
                try await wait(before: attempt, retryAfter: nil, until: context.deadline, service: service)
            else { throw failure }
        }
    }

    /// The wait a response's `Retry-After` header asks for, in seconds.
    public static func retryAfterHeader(_ response: HTTPResponseMessage) -> Double? {
        HTTPStatusFailure.retryAfter(response.header("Retry-After"))
    }

    /// Sleeps before retry `attempt`; false when the wait would pass the deadline, so the caller stops retrying.
    func wait(
        before attempt: Int, retryAfter: Double?, until deadline: ContinuousClock.Instant, service: String
    ) async throws(ConnectorError) -> Bool {
        var delay = backoff(beforeRetry: attempt)
        if let retryAfter { delay = max(delay, .milliseconds(Int64((retryAfter * 1000).rounded(.up)))) }
        guard ContinuousClock.now + delay < deadline else { return false }
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw ConnectorError(.cancelled, message: "The request to \(service) was cancelled while waiting to retry.")
        }
        return true
    }
}
