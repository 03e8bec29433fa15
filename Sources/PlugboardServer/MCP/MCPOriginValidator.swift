import MCP

/// Refuses browser requests from another origin (DNS rebinding, cross-site pages): an `Origin` header must name
/// the host the request was sent to. Clients that are not browsers send no `Origin` and pass. Unlike the SDK's
/// localhost validator it does not pin the Host, so Plugboard can serve `/mcp` under any name.
struct MCPOriginValidator: HTTPRequestValidator {
    func validate(_ request: HTTPRequest, context: HTTPValidationContext) -> HTTPResponse? {
        guard let origin = request.header(HTTPHeaderName.origin) else { return nil }
        let host = request.header(HTTPHeaderName.host) ?? ""
        let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? ""
        guard !host.isEmpty, originHost.lowercased() == host.lowercased() else {
            return .error(statusCode: 403, .invalidRequest("Forbidden: Origin not allowed"), sessionID: context.sessionID)
        }
        return nil
    }

    /// The checks every `/mcp` request passes: origin, Accept, Content-Type, protocol version, session.
    static var pipeline: StandardValidationPipeline {
        StandardValidationPipeline(validators: [
            MCPOriginValidator(), AcceptHeaderValidator(mode: .sseRequired), ContentTypeValidator(), ProtocolVersionValidator(),
            SessionValidator(),
        ])
    }
}
