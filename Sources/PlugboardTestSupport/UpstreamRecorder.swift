import Synchronization

/// The state an `UpstreamServer`'s routes share: received requests and per-key counters.
///
/// Kept apart from the server so route closures can hold it without holding the server.
public final class UpstreamRecorder: Sendable {
    private struct State {
        var requests: [RecordedRequest] = []
        var counters: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// An empty recorder.
    public init() {}

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    func record(_ request: RecordedRequest) {
        state.withLock { $0.requests.append(request) }
    }

    /// Forgets the requests received so far.
    public func reset() {
        state.withLock {
            $0.requests.removeAll()
            $0.counters.removeAll()
        }
    }

    /// Adds one to the counter `key` and returns its new value (1 the first time).
    public func increment(_ key: String) -> Int {
        state.withLock { state in
            let value = (state.counters[key] ?? 0) + 1
            state.counters[key] = value
            return value
        }
    }
}
