import Hummingbird
import PlugboardCore
import Prometheus

/// Health and metrics: unauthenticated, for load balancers and Prometheus.
struct SystemController {
    let instance: PlugboardInstance

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: "/healthz", operationID: "health", summary: "Liveness and readiness", tag: "System",
                authenticated: false, responseSchema: Schema.object(["status": Schema.string()])
            ) { _, _ in
                .json(["status": "ok"])
            },
            APIRoute(
                method: .get, path: "/metrics", operationID: "metrics",
                summary: "Prometheus metrics: executions by type, action and status, durations, pool usage", tag: "System",
                authenticated: false, responseSchema: Schema.string(), responseContentType: "text/plain"
            ) { _, _ in
                for (connector, inUse) in instance.runtime.pools.usage() {
                    instance.runtime.metricsReporter.recordPoolUsage(connector: connector, inUse: inUse)
                }
                var bytes: [UInt8] = []
                instance.prometheus.emit(into: &bytes)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            },
        ]
    }
}
