import Foundation
import PlugboardCore

/// The request that follows a redirect response, decided as browsers do; pure, so it tests without I/O.
///
/// 303 becomes GET without a body; 301 and 302 turn POST into GET; 307 and 308 keep the method and body.
/// Leaving the origin drops `Authorization`, `Proxy-Authorization`, `Cookie` and the request's credential headers.
struct RedirectStep {
    static let statuses: Set<Int> = [301, 302, 303, 307, 308]
    private static let alwaysCredentialHeaders = ["authorization", "proxy-authorization", "cookie"]
    private static let bodyHeaders: Set<String> = ["content-type", "content-length", "content-encoding", "transfer-encoding"]

    let request: HTTPRequestMessage
    let target: RequestTarget

    /// Nil when `response` is not a redirect, has no usable `Location`, or points somewhere other than http(s).
    init?(after response: HTTPResponseMessage, to request: HTTPRequestMessage, at current: RequestTarget) {
        guard Self.statuses.contains(response.status), let location = response.header("Location"), !location.isEmpty,
            let resolved = URL(string: location, relativeTo: current.url)?.absoluteURL,
            let next = try? RequestTarget(url: resolved)
        else { return nil }

        var method = request.method.uppercased()
        var body = request.body
        var headers = request.headers
        let dropsBody =
            (response.status == 303 && method != "HEAD") || ((response.status == 301 || response.status == 302) && method == "POST")
        if dropsBody {
            method = "GET"
            body = nil
            headers.removeAll { Self.bodyHeaders.contains($0.0.lowercased()) }
        }
        if next.origin != current.origin {
            let dropped = Set(Self.alwaysCredentialHeaders + request.credentialHeaders.map { $0.lowercased() })
            headers.removeAll { dropped.contains($0.0.lowercased()) }
        }
        var following = HTTPRequestMessage(method: method, url: resolved.absoluteString, headers: headers, body: body)
        following.credentialHeaders = request.credentialHeaders
        self.request = following
        self.target = next
    }
}
