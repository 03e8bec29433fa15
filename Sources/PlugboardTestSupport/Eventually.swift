/// Polls `condition` until it holds or `timeout` passes; returns whether it held. For what a background runner
/// does soon but not at once: the timeout is generous so a busy machine does not fail the test, and a passing
/// test waits only as long as the work takes.
public func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// The stream's first element, or nil when none arrives within `timeout`: a test waiting for an announcement fails
/// instead of hanging when it never comes.
public func firstElement<Element: Sendable>(of stream: AsyncStream<Element>, timeout: Duration = .seconds(60)) async -> Element? {
    await withTaskGroup(of: Element?.self) { group in
        group.addTask {
            var iterator = stream.makeAsyncIterator()
            return await iterator.next()
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
