import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// How the service's errors reach the caller: `errors[]` with HTTP 200, HTTP failures, refused credentials.
@Suite struct GraphQLFailureTests {
    @Test func fieldErrorsFailWithThePartialDataAndTheErrors() async throws {
        try await GraphQLFixture.run { api, _, _ in
            let reply = try await api.run(GraphQLFixture.app, "store", "query", ["query": #"{ books(authorId: "a1") { title rating } }"#])
            #expect(reply.status == .badGateway, "\(reply.text)")
            #expect(reply.errorCode == "upstream_error")
            #expect(reply.error["retryable"] == false)
            #expect(reply.error["message"]?.stringValue?.contains("no rating for The Left Hand of Darkness") == true)
            let books = reply.error["details"]?["data"]?["books"]?.arrayValue ?? []
            #expect(books.count == 2)
            #expect(books.first?["rating"] == 5)
            #expect(books.first?["title"] == "The Dispossessed")
            #expect(books.last?["rating"] == .null)
            let errors = reply.error["details"]?["errors"]?.arrayValue ?? []
            #expect(errors.count == 1)
            #expect(errors.first?["path"] == ["books", 1, "rating"])
        }
    }

    @Test func mutationErrorsFailWithTheServiceMessage() async throws {
        try await GraphQLFixture.run { api, _, _ in
            let reply = try await api.run(
                GraphQLFixture.app, "store", "mutate", ["query": #"mutation { addBook(title: "Orphan", year: 2000, authorId: "nobody") { id } }"#])
            #expect(reply.errorCode == "upstream_error", "\(reply.text)")
            #expect(reply.error["message"]?.stringValue?.contains("No author has the id nobody") == true)
            #expect(reply.error["details"]?["errors"]?.arrayValue?.count == 1)
            #expect(reply.error["details"]?["data"] != nil)
        }
    }

    @Test func documentsTheServiceRefusesAreInvalidInput() async throws {
        try await GraphQLFixture.run { api, _, _ in
            let reply = try await api.run(GraphQLFixture.app, "store", "query", ["query": "{ books { isbn } }"])
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.errorCode == "invalid_input")
            #expect(reply.error["field"] == "query")
            #expect(reply.error["message"]?.stringValue?.contains("isbn") == true)
            #expect(reply.error["details"]?["data"] == .null)
            #expect(reply.error["details"]?["errors"]?.arrayValue?.isEmpty == false)

            let missing = try await api.run(GraphQLFixture.app, "store", "query", ["query": "query One($id: String!) { book(id: $id) { title } }"])
            #expect(missing.errorCode == "invalid_input", "\(missing.text)")
            #expect(missing.error["message"]?.stringValue?.contains("$id") == true)
        }
    }

    @Test func serverErrorsMapToUpstreamError() async throws {
        try await GraphQLFixture.run { api, server, credential in
            try await GraphQLFixture.makeConnector(api, "broken", endpoint: server.baseURL + "/graphql-broken", credential: credential)
            let reply = try await api.run(GraphQLFixture.app, "broken", "query", ["query": "{ books { id } }"])
            #expect(reply.status == .badGateway, "\(reply.text)")
            #expect(reply.errorCode == "upstream_error")
            #expect(reply.error["details"]?["status"] == 500)
            #expect(reply.error["details"]?["body"]?.stringValue?.contains("resolver pool exhausted") == true)
            #expect(reply.error["message"]?.stringValue?.contains("500") == true)
        }
    }

    @Test func endpointsThatAreNotGraphQLAreReported() async throws {
        try await GraphQLFixture.run { api, server, _ in
            try await GraphQLFixture.makeConnector(api, "echo", endpoint: server.baseURL + "/echo", credential: nil)
            let reply = try await api.run(GraphQLFixture.app, "echo", "query", ["query": "{ books { id } }"])
            #expect(reply.errorCode == "upstream_error", "\(reply.text)")
            #expect(reply.error["message"]?.stringValue?.contains("did not answer with a GraphQL response") == true)
        }
    }

    @Test func theServerRequiresTheBearerToken() async throws {
        try await GraphQLFixture.run { api, server, _ in
            try await GraphQLFixture.makeConnector(api, "anonymous", endpoint: server.baseURL + "/graphql", credential: nil)
            let anonymous = try await api.run(GraphQLFixture.app, "anonymous", "query", ["query": "{ books { id } }"])
            #expect(anonymous.status == .unprocessableContent, "\(anonymous.text)")
            #expect(anonymous.errorCode == "authentication_failed")
            #expect(anonymous.error["details"]?["status"] == 401)
            #expect(server.requests(to: "/graphql").last?.header("Authorization") == nil)
        }
    }

    @Test func aRefusedTokenIsRedactedFromTheErrorAndTheRecords() async throws {
        let wrong = "gql-wrong-token-93b1e0c4"
        try await GraphQLFixture.run { api, server, _ in
            let credential = try await api.makeCredential(GraphQLFixture.app, name: "wrong", kind: "bearer_token", fields: ["token": .string(wrong)])
            try await GraphQLFixture.makeConnector(api, "wrong", endpoint: server.baseURL + "/graphql", credential: credential)
            let reply = try await api.run(GraphQLFixture.app, "wrong", "query", ["query": "{ books { id } }"])
            #expect(reply.errorCode == "authentication_failed", "\(reply.text)")
            // The server echoed the header it got; Plugboard must not pass the token on.
            #expect(server.requests(to: "/graphql").last?.header("Authorization") == "Bearer \(wrong)")
            #expect(reply.error["details"]?["body"]?.stringValue?.contains("[redacted]") == true)
            #expect(!reply.text.contains(wrong))
            let executions = try await api.call(.get, "/api/v1/applications/\(GraphQLFixture.app)/executions")
            #expect(executions.status == .ok)
            #expect(!executions.text.contains(wrong))
        }
    }
}
