import Foundation
import GraphQL
import Graphiti
import Hummingbird
import PlugboardTestSupport

/// Serves `BookstoreAPI` over HTTP as GraphQL services do, on routes of an `UpstreamServer`:
///
/// - `POST /graphql`: requires `Authorization: Bearer <token>` (401 echoing the header otherwise), then runs the request.
/// - `POST /graphql-closed`: the same, with introspection turned off.
/// - `POST /graphql-broken`: answers 500 with a GraphQL error, as a crashed gateway would.
/// - `POST /oauth/token`: an OAuth2 token endpoint handing out `token`, counted as `token` in the recorder.
enum BookstoreServer {
    static func routes(token: String) throws -> UpstreamServer.Routes {
        let api = try BookstoreAPI()
        let store = Bookstore()
        return { router, recorder in
            router.post("/graphql") { request, _ in
                try await serve(request, api: api, store: store, token: token, rules: [])
            }
            router.post("/graphql-closed") { request, _ in
                try await serve(request, api: api, store: store, token: token, rules: [NoIntrospectionRule])
            }
            router.post("/graphql-broken") { _, _ in
                json(#"{"errors":[{"message":"upstream resolver pool exhausted"}]}"#, status: .internalServerError)
            }
            router.post("/oauth/token") { _, _ in
                _ = recorder.increment("token")
                return json(#"{"access_token":"\#(token)","token_type":"Bearer","expires_in":3600}"#)
            }
        }
    }

    private static func serve(
        _ request: Request, api: BookstoreAPI, store: Bookstore, token: String, rules: [@Sendable (ValidationContext) -> Visitor]
    ) async throws -> Response {
        guard request.headers[.authorization] == "Bearer \(token)" else {
            // Echoes what it got, as careless services do, so the tests can check Plugboard redacts it.
            let sent = request.headers[.authorization] ?? "nothing"
            var response = json(#"{"errors":[{"message":"invalid bearer token: \#(sent)"}]}"#, status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let graphQLRequest: GraphQLRequest
        do {
            graphQLRequest = try JSONDecoder().decode(GraphQLRequest.self, from: Data(body.readableBytesView))
        } catch {
            return json(#"{"errors":[{"message":"The body is not a GraphQL request."}]}"#, status: .badRequest)
        }
        let result: GraphQLResult
        do {
            result = try await api.execute(request: graphQLRequest, context: store, validationRules: rules)
        } catch let error as GraphQLError {
            result = GraphQLResult(errors: [error])
        }
        let encoded = try GraphQLJSONEncoder().encode(result)
        return json(String(decoding: encoded, as: UTF8.self))
    }

    private static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
