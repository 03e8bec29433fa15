import PlugboardCore

extension RESTSession {
    /// A response and how many attempts it took.
    struct Exchange {
        var response: HTTPResponseMessage
        var attempts: Int
    }

    /// Sends `request`, retrying idempotent methods after refused or timed-out connections and 429, 502, 503 and 504,
    /// with jittered exponential backoff and `Retry-After`, never past the context's deadline.
    func send(_ request: HTTPRequestMessage, context: DriverContext) async throws(ConnectorError) -> Exchange {
        let policy = configuration.retryPolicy
        let mayRetry = policy.allowsRetry(of: request.method)
        var attempt = 0
        while true {
            attempt += 1
            let deadline = min(context.deadline, .now + configuration.timeout)
            var retryAfter: Double?
            let failure: ConnectorError
            do {
                let response = try await transport.send(request, deadline: deadline)
                guard HTTPRetryPolicy.retryableStatuses.contains(response.status), mayRetry, attempt <= policy.retries else {
                    return Exchange(response: response, attempts: attempt)
                }
                if response.status == 429 || response.status == 503 {
                    retryAfter = HTTPStatusFailure.retryAfter(response.header("Retry-After"))
                }
                guard try await wait(before: attempt, retryAfter: retryAfter, until: context.deadline) else {
                    return Exchange(response: response, attempts: attempt)
                }
                continue
            } catch let error as ConnectorError {
                failure = error
            } catch {
                failure = Task.isCancelled
                    ? ConnectorError(.cancelled, message: "The request to \(service) was cancelled.")
                    : ConnectorError(.upstreamError, message: "The request to \(service) failed.")
            }
            guard HTTPRetryPolicy.retryableCodes.contains(failure.code), mayRetry, attempt <= policy.retries,
                try await wait(before: attempt, retryAfter: nil, until: context.deadline)
            else { throw failure }
        }
    }

    /// Sleeps before retry `attempt`; false when the wait would pass the deadline, so the caller stops retrying.
    private func wait(before attempt: Int, retryAfter: Double?, until deadline: ContinuousClock.Instant) async throws(ConnectorError) -> Bool {
        var delay = configuration.retryPolicy.backoff(beforeRetry: attempt)
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
