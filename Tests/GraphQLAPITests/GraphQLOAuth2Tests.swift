import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// An OAuth2 credential whose access token the service refuses is refreshed, and the request sent once more.
@Suite struct GraphQLOAuth2Tests {
    @Test func aRefusedAccessTokenIsRefreshedAndTheRequestRetriedOnce() async throws {
        let stale = "gql-stale-access-5e8d2a71"
        try await GraphQLFixture.run { api, server, _ in
            let credential = try await api.makeCredential(
                GraphQLFixture.app, name: "oauth", kind: "oauth2",
                fields: [
                    "tokenUrl": .string(server.baseURL + "/oauth/token"), "clientId": "bookstore-client", "clientSecret": "client-secret-0a1b2c3d",
                    "accessToken": .string(stale),
                ])
            try await GraphQLFixture.makeConnector(api, "oauth", endpoint: server.baseURL + "/graphql", credential: credential)
            let reply = try await api.run(GraphQLFixture.app, "oauth", "query", ["query": #"{ book(id: "b1") { title } }"#])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["data"]?["book"]?["title"] == "The Dispossessed")
            #expect(server.requests(to: "/oauth/token").count == 1)
            let sent = server.requests(to: "/graphql").map { $0.header("Authorization") }
            #expect(sent == ["Bearer \(stale)", "Bearer \(GraphQLFixture.token)"])
            #expect(!reply.text.contains(GraphQLFixture.token))

            // The refreshed token is stored: the next call sends it straight away.
            let next = try await api.run(GraphQLFixture.app, "oauth", "query", ["query": "{ books { id } }"])
            #expect(next.status == .ok, "\(next.text)")
            #expect(server.requests(to: "/graphql").count == 3)
            #expect(server.requests(to: "/oauth/token").count == 1)
        }
    }
}
