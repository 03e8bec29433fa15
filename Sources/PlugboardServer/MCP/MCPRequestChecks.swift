import MCP
import PlugboardCore

/// The checks every `/mcp` request passes before its session sees it: origin, Accept, Content-Type, protocol
/// version and session, in that order, answering as the SDK's validators do, from one pass over the headers.
///
/// The SDK's validators find each header by lowercasing every name and trim values with Foundation, which took
/// 4.5% of a `tools/call`'s CPU. The origin check is ours: an `Origin` header must name the host the request was sent
/// to, which refuses browser pages of other origins (DNS rebinding, cross-site requests); clients that are not browsers
/// send no `Origin` and pass. Unlike the SDK's localhost validator it does not pin the Host, so Plugboard can serve
/// `/mcp` under any name.
struct MCPRequestChecks: HTTPRequestValidationPipeline {
    private static let json = "application/json"
    private static let eventStream = "text/event-stream"

    func validate(_ request: HTTPRequest, context: HTTPValidationContext) -> HTTPResponse? {
        let headers = Headers(request.headers)
        let session = context.sessionID
        if let origin = headers.origin {
            let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first ?? ""
            guard let host = headers.host, !host.isEmpty, originHost.equalsIgnoringASCIICase(host) else {
                return .error(statusCode: 403, .invalidRequest("Forbidden: Origin not allowed"), sessionID: session)
            }
        }
        let accepted = Self.mediaTypes(headers.accept ?? "")
        let acceptsJSON = accepted.contains { $0.hasPrefix(Self.json) }
        let acceptsEvents = accepted.contains { $0.hasPrefix(Self.eventStream) }
        switch context.httpMethod {
        case "POST":
            guard acceptsJSON, acceptsEvents else {
                return .error(
                    statusCode: 406, .invalidRequest("Not Acceptable: Client must accept both \(Self.json) and \(Self.eventStream)"),
                    sessionID: session)
            }
            guard Self.mediaTypes(headers.contentType ?? "", separator: ";").first == Self.json[...] else {
                return .error(
                    statusCode: 415, .invalidRequest("Unsupported Media Type: Content-Type must be \(Self.json)"), sessionID: session)
            }
        case "GET":
            guard acceptsEvents else {
                return .error(statusCode: 406, .invalidRequest("Not Acceptable: Client must accept \(Self.eventStream)"), sessionID: session)
            }
        default:
            break
        }
        guard !context.isInitializationRequest else { return nil }
        if let version = headers.protocolVersion, !context.supportedProtocolVersions.contains(version) {
            let supported = context.supportedProtocolVersions.sorted().joined(separator: ", ")
            return .error(
                statusCode: 400, .invalidRequest("Bad Request: Unsupported protocol version: \(version). Supported: \(supported)"),
                sessionID: session)
        }
        guard let session else {
            return .error(statusCode: 400, .invalidRequest("Bad Request: Session not initialized"), sessionID: nil)
        }
        guard let sent = headers.sessionID else {
            return .error(statusCode: 400, .invalidRequest("Bad Request: Missing \(HTTPHeaderName.sessionID) header"), sessionID: session)
        }
        guard sent == session else {
            return .error(statusCode: 404, .invalidRequest("Not Found: Invalid or expired session ID"), sessionID: session)
        }
        return nil
    }

    /// The parts of a header value between `separator`s, without surrounding spaces and tabs.
    private static func mediaTypes(_ value: String, separator: Character = ",") -> [Substring] {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return value.split(separator: separator).map { part in
            guard let start = part.firstIndex(where: { !isBlank($0) }), let end = part.lastIndex(where: { !isBlank($0) }) else {
                return part[part.endIndex...]
            }
            return part[start...end]
        }
    }

    /// The headers the checks read, found in one pass with names compared without case.
    private struct Headers {
        var origin: String?
        var host: String?
        var accept: String?
        var contentType: String?
        var protocolVersion: String?
        var sessionID: String?

        init(_ headers: [String: String]) {
            for (name, value) in headers {
                if name.equalsIgnoringASCIICase(HTTPHeaderName.origin) {
                    origin = value
                } else if name.equalsIgnoringASCIICase(HTTPHeaderName.host) {
                    host = value
                } else if name.equalsIgnoringASCIICase(HTTPHeaderName.accept) {
                    accept = value
                } else if name.equalsIgnoringASCIICase(HTTPHeaderName.contentType) {
                    contentType = value
                } else if name.equalsIgnoringASCIICase(HTTPHeaderName.protocolVersion) {
                    protocolVersion = value
                } else if name.equalsIgnoringASCIICase(HTTPHeaderName.sessionID) {
                    sessionID = value
                }
            }
        }
    }
}
