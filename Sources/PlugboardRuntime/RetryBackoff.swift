/// How something that keeps failing waits before trying again: opening a pool's sessions, subscribing a trigger.
struct RetryBackoff: Sendable, Hashable {
    /// Consecutive failures before backing off.
    var afterFailures: Int = 2
    /// The first back-off window; each further failure doubles it.
    var initial: Duration = .milliseconds(100)
    /// The longest back-off window.
    var maximum: Duration = .seconds(10)

    /// The back-off window after `failures` consecutive failures, or nil when it does not back off yet.
    ///
    /// The window is `min(initial * 2^(failures - afterFailures), maximum)`, computed without overflowing.
    func window(afterConsecutiveFailures failures: Int) -> Duration? {
        guard failures > 0, failures >= afterFailures else { return nil }
        var window = initial
        var doublings = failures - max(afterFailures, 0)
        while doublings > 0, window > .zero, window < maximum {
            window *= 2
            doublings -= 1
        }
        return min(window, maximum)
    }
}
