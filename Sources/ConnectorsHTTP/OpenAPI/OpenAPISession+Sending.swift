import PlugboardCore

extension OpenAPISession {
    /// Sends `request`, retrying idempotent methods after refused or timed-out connections and 429, 502, 503 and 504
    /// as `HTTPRetryPolicy` says, never past the context's deadline.
    func send(_ request: HTTPRequestMessage, context: DriverContext) async throws -> HTTPResponseMessage {
        let policy = configuration.retryPolicy
        let mayRetry = policy.allowsRetry(of: request.method)
        var attempt = 0
        while true {
            attempt += 1
            let deadline = min(context.deadline, .now + configuration.timeout)
            do {
                let response = try await transport.send(request, deadline: deadline)
                guard mayRetry, attempt <= policy.retries, HTTPRetryPolicy.retryableStatuses.contains(response.status) else { return response }
                let retryAfter = HTTPStatusFailure.retryAfter(response.header("Retry-After"))
                guard try await wait(before: attempt, retryAfter: retryAfter, policy: policy, until: context.deadline) else { return response }
            } catch let error as ConnectorError {
                guard mayRetry, attempt <= policy.retries, HTTPRetryPolicy.retryableCodes.contains(error.code),
                    try await wait(before: attempt, retryAfter: nil, policy: policy, until: context.deadline)
                else { throw error }
            }
        }
    }

    /// Sleeps before retry `attempt`; false when the wait would pass the deadline.
    private func wait(before attempt: Int, retryAfter: Double?, policy: HTTPRetryPolicy, until deadline: ContinuousClock.Instant) async throws -> Bool {
        var delay = policy.backoff(beforeRetry: attempt)
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
