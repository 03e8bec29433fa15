import Foundation
import HTTPTypes
import Hummingbird
import PlugboardCore
import PlugboardTestSupport

/// A WhatsApp Cloud API double on an `UpstreamServer`, answering as Meta documents: `POST /v21.0/<phone-id>/messages`
/// and `/media` with a bearer token, and 360dialog's `POST /messages` and `/media` with `D360-API-KEY`; errors as
/// `{error: {message, type, code, error_subcode, fbtrace_id}}`.
///
/// Recipients script the failures: 4900000000429 hits the pair rate limit (131056), 4900000000100 is an invalid
/// parameter (100).
enum WhatsAppCloudDouble {
    static let token = "EAAG-test-token-5d4c3b2a1"
    static let phoneNumberID = "106540352242922"

    static var routes: UpstreamServer.Routes {
        { router, _ in
            router.get("/v21.0/\(phoneNumberID)") { request, _ in
                guard request.headers[.authorization] == "Bearer \(token)" else { return failure(401, code: 190, "Invalid OAuth access token.") }
                return json(["display_phone_number": "+1 555 010 0123", "verified_name": "Plugboard Test", "id": .string(phoneNumberID)])
            }
            router.post("/v21.0/\(phoneNumberID)/messages") { request, _ in
                guard request.headers[.authorization] == "Bearer \(token)" else { return failure(401, code: 190, "Invalid OAuth access token.") }
                return try await message(request)
            }
            router.post("/messages") { request, _ in
                guard request.headers[HTTPField.Name("D360-API-KEY")!] == token else { return failure(401, code: 190, "Invalid API key.") }
                return try await message(request)
            }
            for path in ["/v21.0/\(phoneNumberID)/media", "/media"] {
                router.post(RouterPath(path)) { request, _ in
                    let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
                    guard body.contains("name=\"messaging_product\"\r\n\r\nwhatsapp"), body.contains("filename=") else {
                        return failure(400, code: 100, "Invalid parameter")
                    }
                    return json(["id": .string("media-\(body.count)")])
                }
            }
        }
    }

    private static func message(_ request: Request) async throws -> Response {
        let body = try JSONParser.parse(Array(buffer: try await request.body.collect(upTo: 1 << 20)))
        guard body["messaging_product"] == "whatsapp" else { return failure(400, code: 100, "The parameter messaging_product is required.") }
        if body["status"] == "read" { return json(["success": true]) }
        let to = body["to"]?.stringValue ?? ""
        switch to {
        case "4900000000429":
            return failure(400, code: 131056, "(#131056) (Business Account, Consumer Account) pair rate limit hit")
        case "4900000000100":
            return failure(400, code: 100, "(#100) Invalid parameter")
        default:
            guard let type = body["type"]?.stringValue, body[type] != nil else { return failure(400, code: 100, "(#100) The parameter for the type is required.") }
            return json(["messaging_product": "whatsapp", "contacts": [["input": .string(to), "wa_id": .string(to)]],
                         "messages": [["id": .string("wamid.\(type).\(to)")]]])
        }
    }

    static func failure(_ status: Int, code: Int, _ message: String) -> Response {
        let body: JSONValue = ["error": ["message": .string(message), "type": "OAuthException", "code": .integer(Int64(code)),
                                         "error_subcode": 2494010, "fbtrace_id": "AbCdEf123"]]
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body.jsonBytes())))
    }

    static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }
}
