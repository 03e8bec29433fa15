import HTTPTypes
import Hummingbird

extension UpstreamServer {
    /// Routes that answer `text/event-stream` written part by part, for streaming tests:
    /// - `/events?count=N&interval=MS` writes `data: 1` … `data: N` (forever when N is 0), each event in its own
    ///   write, `interval` milliseconds (default 100) apart;
    /// - `/events/gated` writes `data: 1`, waits until the test calls `streamProbe.open()`, then writes `data: 2`;
    /// - `/ndjson?count=N` writes `{"n": 1}` … `{"n": N}`, one per line, each line in two writes.
    ///
    /// Every stream that ends, also because the client went away, counts in `streamProbe.endedStreams`.
    static func addEventRoutes(to router: Router<BasicRequestContext>, probe: StreamProbe) {
        router.get("/events") { request, _ in
            let query = RecordedRequest.parseQuery(request.uri.query)
            let count = query.first { $0.0 == "count" }.flatMap { Int($0.1) } ?? 3
            let interval = query.first { $0.0 == "interval" }.flatMap { Int($0.1) } ?? 100
            return eventStream(probe: probe) { writer in
                var sent = 0
                while count == 0 || sent < count {
                    if sent > 0 { try await Task.sleep(for: .milliseconds(interval)) }
                    sent += 1
                    try await writer.write(ByteBuffer(string: "data: \(sent)\n\n"))
                }
            }
        }
        router.get("/ndjson") { request, _ in
            let query = RecordedRequest.parseQuery(request.uri.query)
            let count = query.first { $0.0 == "count" }.flatMap { Int($0.1) } ?? 3
            // Each line split across two writes, so a reader must join parts.
            let body = ResponseBody { writer in
                for index in 1...max(1, count) {
                    try await writer.write(ByteBuffer(string: "{\"n\": "))
                    try await writer.write(ByteBuffer(string: "\(index)}\n"))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
        }
        router.get("/events/gated") { _, _ in
            eventStream(probe: probe) { writer in
                try await writer.write(ByteBuffer(string: "data: 1\n\n"))
                while !probe.isOpen { try await Task.sleep(for: .milliseconds(10)) }
                try await writer.write(ByteBuffer(string: "data: 2\n\n"))
            }
        }
    }

    private static func eventStream(
        probe: StreamProbe, _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) -> Response {
        let body = ResponseBody { writer in
            defer { probe.streamEnded() }
            try await write(&writer)
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }
}
