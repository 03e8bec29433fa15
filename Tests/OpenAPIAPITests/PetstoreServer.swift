import Foundation
import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import Synchronization

/// A Petstore that really keeps pets, served by an `UpstreamServer` on loopback, with its own OpenAPI documents at
/// `/openapi.json` (3.1) and `/openapi.yaml` (3.0).
final class PetStore: Sendable {
    static let apiKey = "k-123"
    static let bearerToken = "tok-abc"
    static let basicUser = ("admin", "s3cret")

    private struct State {
        var pets: [(id: Int, name: String, tag: String?)] = [(1, "Rex", "dog"), (2, "Tom", "cat"), (3, "Nemo", "fish"), (4, "Fido", "dog")]
        var nextID = 5
    }

    private let state = Mutex(State())

    var count: Int { state.withLock { $0.pets.count } }

    private static func json(_ pet: (id: Int, name: String, tag: String?)) -> JSONValue {
        ["id": .integer(Int64(pet.id)), "name": .string(pet.name), "tag": pet.tag.map(JSONValue.string) ?? .null]
    }

    static func respond(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }

    /// The routes: documents, `/v1` (the Petstore) and `/v2/pets` (an empty list, to tell the servers apart).
    func routes(_ router: Router<BasicRequestContext>) {
        router.get("/openapi.json") { request, _ in
            Self.respond(PetstoreDocuments.openAPI31(host: request.head.authority ?? ""))
        }
        router.get("/openapi.yaml") { request, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: PetstoreDocuments.openAPI30(host: request.head.authority ?? ""))))
        }
        router.get("/missing.json") { _, _ in Self.respond(["error": "no such document"], status: .notFound) }
        router.get("/v1/pets") { request, _ in
            let query = RecordedRequest.parseQuery(request.uri.query)
            let tags = query.filter { $0.0 == "tag" }.map(\.1)
            let limit = query.first { $0.0 == "limit" }.flatMap { Int($0.1) } ?? 100
            let pets = self.state.withLock { $0.pets }.filter { tags.isEmpty || $0.tag.map(tags.contains) == true }.prefix(limit)
            return Self.respond(.array(pets.map(Self.json)))
        }
        router.post("/v1/pets") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            guard let value = try? JSONParser.parse(Array(body.readableBytesView)), let name = value["name"]?.stringValue, !name.isEmpty else {
                return Self.respond(["error": "name is required"], status: .badRequest)
            }
            let pet = self.state.withLock { state in
                let pet = (id: state.nextID, name: name, tag: value["tag"]?.stringValue)
                state.nextID += 1
                state.pets.append(pet)
                return pet
            }
            return Self.respond(Self.json(pet), status: .created)
        }
        router.get("/v1/pets/{petId}") { _, context in
            let id = context.parameters.get("petId", as: Int.self) ?? -1
            guard let pet = self.state.withLock({ $0.pets.first { $0.id == id } }) else {
                return Self.respond(["error": "no such pet"], status: .notFound)
            }
            return Self.respond(Self.json(pet))
        }
        router.delete("/v1/pets/{petId}") { _, context in
            let id = context.parameters.get("petId", as: Int.self) ?? -1
            let removed = self.state.withLock { state in
                let before = state.pets.count
                state.pets.removeAll { $0.id == id }
                return state.pets.count < before
            }
            return removed ? Response(status: .noContent) : Self.respond(["error": "no such pet"], status: .notFound)
        }
        router.get("/v1/stats") { request, _ in
            guard request.headers.first(where: { $0.name.canonicalName == "x-pet-key" })?.value == Self.apiKey else { return Self.respond(["error": "key"], status: .unauthorized) }
            return Self.respond(["pets": .integer(Int64(self.count))])
        }
        router.get("/v1/stats-by-query") { request, _ in
            let key = RecordedRequest.parseQuery(request.uri.query).first { $0.0 == "api_key" }?.1
            guard key == Self.apiKey else { return Self.respond(["error": "key"], status: .unauthorized) }
            return Self.respond(["pets": .integer(Int64(self.count))])
        }
        router.get("/v1/me") { request, _ in
            guard request.headers[.authorization] == "Bearer \(Self.bearerToken)" else { return Self.respond(["error": "token"], status: .unauthorized) }
            return Self.respond(["user": "alice"])
        }
        router.get("/v1/admin") { request, _ in
            let expected = "Basic " + Data("\(Self.basicUser.0):\(Self.basicUser.1)".utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else { return Self.respond(["error": "login"], status: .unauthorized) }
            return Self.respond(["admin": true])
        }
        router.get("/v1/health") { _, _ in Self.respond(["ok": true]) }
        router.get("/v2/pets") { _, _ in Self.respond([]) }
    }
}
