import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// A Plugboard instance and a running bookstore GraphQL server, with application `books`, a bearer credential
/// `bookstore-token` holding `GraphQLFixture.token`, and connector `store` on `/graphql` using it.
enum GraphQLFixture {
    static let app = "books"
    static let token = "gql-bearer-7f3a9c2e5d1b4a60"

    static func run(_ body: @escaping @Sendable (APIClient, UpstreamServer, _ credential: String) async throws -> Void) async throws {
        let fixture = try await APIFixture()
        try await withUpstreamServer(routes: try BookstoreServer.routes(token: token)) { server in
            try await fixture.run { api in
                try await api.makeApplication(app)
                let credential = try await api.makeCredential(app, name: "bookstore-token", kind: "bearer_token", fields: ["token": .string(token)])
                try await makeConnector(api, "store", endpoint: server.baseURL + "/graphql", credential: credential)
                try await body(api, server, credential)
            }
        }
    }

    /// Makes a `graphql` connector and expects it to be created.
    static func makeConnector(
        _ api: APIClient, _ name: String, endpoint: String, credential: String?, options: JSONObject = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var all: JSONObject = ["endpointUrl": .string(endpoint)]
        for (key, value) in options { all[key] = value }
        let reply = try await api.makeConnector(app, type: "graphql", name: name, options: all, credential: credential)
        #expect(reply.status == .created, "\(reply.text)", sourceLocation: sourceLocation)
    }

    /// The GraphQL request bodies the server received on `path`, parsed.
    static func bodies(_ server: UpstreamServer, _ path: String = "/graphql") -> [JSONValue] {
        server.requests(to: path).map { (try? JSONParser.parse($0.body)) ?? .null }
    }
}
