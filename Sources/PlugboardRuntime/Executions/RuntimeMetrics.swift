import CoreMetrics
import PlugboardCore
import Foundation

/// Execution counters and durations, reported through the metrics factory the server hands in (Prometheus).
public struct RuntimeMetrics: Sendable {
    private let factory: any MetricsFactory

    /// Metrics reported through `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func recordExecution(type: String, action: String, status: String, duration: Duration) {
        let dimensions = [("type", type), ("action", action), ("status", status)]
        Counter(label: "plugboard_executions_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "plugboard_execution_duration_seconds", dimensions: [("type", type), ("action", action)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Sessions lent out per connector.
    public func recordPoolUsage(connector: String, inUse: Int) {
        Gauge(label: "plugboard_pool_sessions_in_use", dimensions: [("connector", connector)], factory: factory).record(inUse)
    }
}
