import Hummingbird

/// Collects each request's body and files the request with the recorder before routing it.
struct RecordingMiddleware<Context: RequestContext>: RouterMiddleware {
    let recorder: UpstreamRecorder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 64 << 20)
        // HTTP/1's Host header arrives as the request's authority, not among the header fields.
        let host = request.head.authority.map { [("Host", $0)] } ?? []
        recorder.record(
            RecordedRequest(
                method: request.method.rawValue, path: request.uri.path, query: RecordedRequest.parseQuery(request.uri.query),
                headers: host + request.headers.map { ($0.name.rawName, $0.value) }, body: Array(body.readableBytesView)))
        return try await next(request, context)
    }
}
