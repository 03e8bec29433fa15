import Hummingbird
import PlugboardCore

extension ConnectorError: ResponseGenerator {}
extension ConnectorError: HTTPResponseError {
    /// The HTTP status each error code maps to; only the server target knows about HTTP statuses.
    public var status: HTTPResponse.Status {
        switch code {
        case .invalidInput, .invalidConfiguration: return .badRequest
        case .unauthorized: return .unauthorized
        case .permissionDenied: return .forbidden
        case .notFound: return .notFound
        case .alreadyExists, .conflict, .connectorInUse: return .conflict
        case .tooManyConnections: return .serviceUnavailable
        case .payloadTooLarge: return .contentTooLarge
        case .rateLimited: return .tooManyRequests
        case .unavailable: return .serviceUnavailable
        case .internalError: return .internalServerError
        case .timedOut, .connectionTimedOut, .statementTimeout: return .gatewayTimeout
        case .cancelled: return HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
        // A connector's credential was refused upstream: not 401, which would say Plugboard's own token failed.
        case .egressDenied, .authenticationFailed, .unsupported: return .unprocessableContent
        default: return .badGateway
        }
    }

    /// The error as a JSON `{"error": ...}` body with its status, and `Retry-After` when it has one.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter, retryAfter.isFinite { headers[.retryAfter] = String(Int(min(max(0, retryAfter), 86_400).rounded(.up))) }
        let body: JSONValue = ["error": json]
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.jsonBytes())))
    }
}
