import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// Input and options the node refuses before anything is sent, each with a clear 4xx error.
@Suite struct GraphQLInputTests {
    struct Refusal: Sendable, CustomTestStringConvertible {
        var action: String
        var input: JSONValue
        var field: String
        var says: String
        var testDescription: String { "\(action): \(says)" }
    }

    static let refusals: [Refusal] = [
        Refusal(action: "query", input: [:], field: "query", says: "query"),
        Refusal(action: "query", input: ["query": "   "], field: "query", says: "'query' is required"),
        Refusal(action: "query", input: ["query": #"mutation { addBook(title: "x", year: 1, authorId: "a1") { id } }"#], field: "query", says: "'mutate' action"),
        Refusal(action: "mutate", input: ["query": "query Books { books { id } }"], field: "query", says: "'query' action"),
        Refusal(action: "query", input: ["query": "subscription Feed { books { id } }"], field: "query", says: "subscription"),
        Refusal(action: "query", input: ["query": "query A { books { id } } query B { books { title } }"], field: "operationName", says: "set operationName"),
        Refusal(action: "query", input: ["query": "query A { books { id } }", "operationName": "B"], field: "operationName", says: "no operation named 'B'"),
        Refusal(action: "query", input: ["query": "query A { books { id }"], field: "query", says: "no matching"),
        Refusal(action: "query", input: ["query": #"query A { book(id: "b1) { id } }"#], field: "query", says: "string"),
        Refusal(action: "query", input: ["query": "type Book { id: ID }"], field: "query", says: "not 'type'"),
        Refusal(action: "query", input: ["query": "{ books { id } }", "variables": ["a", "b"]], field: "variables", says: "variables"),
    ]

    @Test(arguments: refusals) func badInputIsRefusedBeforeSending(_ refusal: Refusal) async throws {
        try await GraphQLFixture.run { api, server, _ in
            let reply = try await api.run(GraphQLFixture.app, "store", refusal.action, refusal.input)
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.errorCode == "invalid_input")
            #expect(reply.error["field"]?.stringValue?.hasPrefix(refusal.field) == true, "\(reply.text)")
            #expect(reply.error["message"]?.stringValue?.contains(refusal.says) == true, "\(reply.text)")
            #expect(server.requests(to: "/graphql").isEmpty)
        }
    }

    @Test func secretHeadersAndBadEndpointsAreRefusedAtCreation() async throws {
        try await GraphQLFixture.run { api, server, _ in
            let secret = try await api.makeConnector(
                GraphQLFixture.app, type: "graphql", name: "leaky",
                options: ["endpointUrl": .string(server.baseURL + "/graphql"), "headers": ["Authorization": "Bearer in-clear-123456"]])
            #expect(secret.status == .badRequest, "\(secret.text)")
            #expect(secret.errorCode == "invalid_configuration")
            #expect(secret.error["field"] == "headers.Authorization")
            #expect(!secret.text.contains("in-clear-123456"))

            for endpoint in ["ftp://127.0.0.1/graphql", "/graphql", "http://user:pw@127.0.0.1/graphql", "http://127.0.0.1/graphql#x"] {
                let reply = try await api.makeConnector(GraphQLFixture.app, type: "graphql", name: "bad", options: ["endpointUrl": .string(endpoint)])
                #expect(reply.status == .badRequest, "\(endpoint): \(reply.text)")
                #expect(reply.error["field"] == "endpointUrl", "\(endpoint): \(reply.text)")
            }
        }
    }

    @Test func defaultHeadersAreSent() async throws {
        try await GraphQLFixture.run { api, server, credential in
            try await GraphQLFixture.makeConnector(
                api, "versioned", endpoint: server.baseURL + "/graphql", credential: credential, options: ["headers": ["X-Api-Version": "2024-10"]])
            let reply = try await api.run(GraphQLFixture.app, "versioned", "query", ["query": "{ books { id } }"])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(server.requests(to: "/graphql").last?.header("X-Api-Version") == "2024-10")
        }
    }
}
