import Hummingbird
import NIOCore
import PlugboardCore

extension Request {
    /// The body parsed as JSON, refused with `payload_too_large` past `limit` and `invalid_input` when malformed.
    func jsonBody(limit: Int) async throws -> (value: JSONValue, bytes: Int) {
        try await Self.json(from: body, limit: limit)
    }

    /// Parses a request body as JSON; see `jsonBody(limit:)`.
    static func json(from body: RequestBody, limit: Int) async throws -> (value: JSONValue, bytes: Int) {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit)
        }
        if buffer.readableBytes == 0 { return (.object([:]), 0) }
        do {
            return (try JSONParser.parse(buffer.readableBytesView), buffer.readableBytes)
        } catch {
            throw APIError.malformedJSON(error.description)
        }
    }

    /// The body as a JSON object.
    func jsonObject(limit: Int) async throws -> JSONObject {
        guard let object = try await jsonBody(limit: limit).value.objectValue else { throw APIError.expectedObject() }
        return object
    }

    /// A query parameter as an integer, refusing text that is not one.
    func integerQuery(_ name: String) throws -> Int? {
        guard let text = uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw ConnectorError.invalidInput("The query parameter '\(name)' must be an integer.", field: name) }
        return value
    }

    func stringQuery(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension Response {
    /// A JSON response from a `JSONValue`.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        json(bytes: value.jsonBytes(), status: status)
    }

    static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
