import Synchronization

extension UpstreamServer {
    /// What tests of streaming responses control and observe: a gate `/events/gated` waits on, and how many
    /// event streams have ended (finished, or broken off because the client went away).
    public final class StreamProbe: Sendable {
        private struct State {
            var isOpen = false
            var ended = 0
        }

        private let state = Mutex(State())

        init() {}

        /// Lets `/events/gated` write its second event.
        public func open() { state.withLock { $0.isOpen = true } }

        /// Whether `open()` was called.
        public var isOpen: Bool { state.withLock { $0.isOpen } }

        /// Event streams that have ended so far.
        public var endedStreams: Int { state.withLock { $0.ended } }

        func streamEnded() { state.withLock { $0.ended += 1 } }
    }
}
