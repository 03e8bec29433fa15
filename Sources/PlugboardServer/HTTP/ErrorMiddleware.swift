import Hummingbird
import Logging
import PlugboardCore

/// Turns every error into the API's error shape, `{"error": {code, message, cause, fix, retryable, ...}}`,
/// and logs unexpected ones without leaking their internals to the caller.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = PlugboardRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ConnectorError {
            if error.code == .internalError {
                context.logger.error("Request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let code: ConnectorError.Code
            switch error.status {
            case .notFound: code = .notFound
            case .methodNotAllowed: code = .notFound
            case .contentTooLarge: code = .payloadTooLarge
            case .unauthorized: code = .unauthorized
            default: code = error.status.code < 500 ? .invalidInput : .internalError
            }
            let message = error.body ?? (error.status == .notFound ? "There is no such route: \(request.method) \(request.uri.path)." : error.status.reasonPhrase)
            return try ConnectorError(code, message: message).response(from: request, context: context)
        } catch {
            context.logger.error("Request failed unexpectedly", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: type(of: error)))"])
            return try ConnectorError.internal("The request failed unexpectedly.").response(from: request, context: context)
        }
    }
}
