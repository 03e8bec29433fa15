import HTTPTypes
import Hummingbird

/// Serves the web UI: `/` is the page, `/ui/...` its stylesheet, scripts and icon.
///
/// These are not API routes, so `/openapi.json` does not list them. Every response carries a strict
/// Content-Security-Policy: scripts and styles only from this origin, no inline code, no framing.
struct WebUIController: Sendable {
    let assets: WebAssets

    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
        "font-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// Adds the UI's routes to `router`.
    func register(on router: Router<PlugboardRequestContext>) {
        router.get("/") { request, _ in try response(for: "index.html", request: request, cache: "no-store") }
        router.get("/index.html") { request, _ in try response(for: "index.html", request: request, cache: "no-store") }
        router.get("/ui/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            return try response(for: "ui/" + path, request: request, cache: "no-cache")
        }
    }

    /// The file at `path` under `Resources/`, or 304 when the browser's copy is current.
    private func response(for path: String, request: Request, cache: String) throws -> Response {
        guard let asset = assets[path] else { throw HTTPError(.notFound) }
        var headers: HTTPFields = [
            .contentType: asset.contentType, .cacheControl: cache, .eTag: asset.eTag,
            .contentSecurityPolicy: Self.contentSecurityPolicy, .xContentTypeOptions: "nosniff",
        ]
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if cache != "no-store", request.headers[.ifNoneMatch] == asset.eTag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }
}
