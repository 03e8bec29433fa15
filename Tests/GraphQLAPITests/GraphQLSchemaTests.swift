import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// Schema discovery through introspection: GET …/schema and the `introspect` action.
@Suite struct GraphQLSchemaTests {
    static func named(_ list: JSONValue?, _ name: String) -> JSONValue? {
        list?.arrayValue?.first { $0["name"]?.stringValue == name }
    }

    @Test func schemaEndpointListsQueriesMutationsAndTypes() async throws {
        try await GraphQLFixture.run { api, server, _ in
            let reply = try await api.call(.get, "/api/v1/applications/\(GraphQLFixture.app)/connectors/store/schema")
            #expect(reply.status == .ok, "\(reply.text)")
            let schema = reply.json
            #expect(schema["queryType"] == "Query")
            #expect(schema["mutationType"] == "Mutation")

            let book = Self.named(schema["queries"], "book")
            #expect(book?["type"] == "Book")
            #expect(book?["description"] == "One book by id.")
            #expect(book?["arguments"] == [["name": "id", "type": "String!", "description": "The book's id, such as b1."]])
            let books = Self.named(schema["queries"], "books")
            #expect(books?["type"] == "[Book!]!")
            #expect(Self.named(books?["arguments"], "limit")?["type"] == "Int")

            let addBook = Self.named(schema["mutations"], "addBook")
            #expect(addBook?["type"] == "Book!")
            #expect(addBook?["arguments"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["title", "year", "authorId"])
            #expect(Self.named(addBook?["arguments"], "year")?["type"] == "Int!")

            let typeNames = schema["types"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(Set(typeNames) == ["Author", "Book"])
            let bookType = Self.named(schema["types"], "Book")
            #expect(bookType?["kind"] == "OBJECT")
            #expect(bookType?["description"] == "A book in the store.")
            #expect(Self.named(bookType?["fields"], "author")?["type"] == "Author")
            #expect(Self.named(bookType?["fields"], "tags")?["type"] == "[String!]!")
            #expect(Self.named(bookType?["fields"], "rating")?["type"] == "Int")
            #expect(Self.named(bookType?["fields"], "year")?["description"] == "Year of first publication.")

            // Read once per session: asking again does not introspect again.
            let again = try await api.call(.get, "/api/v1/applications/\(GraphQLFixture.app)/connectors/store/schema")
            #expect(again.json == schema)
            let introspections = GraphQLFixture.bodies(server).filter { $0["operationName"] == "PlugboardIntrospection" }
            #expect(introspections.count == 1)
            #expect(!reply.text.contains(GraphQLFixture.token))
        }
    }

    @Test func introspectActionReturnsTheSameSchemaAndCanRefresh() async throws {
        try await GraphQLFixture.run { api, server, _ in
            let endpoint = try await api.call(.get, "/api/v1/applications/\(GraphQLFixture.app)/connectors/store/schema")
            let action = try await api.run(GraphQLFixture.app, "store", "introspect")
            #expect(action.status == .ok, "\(action.text)")
            #expect(action.output == endpoint.json)
            let refreshed = try await api.run(GraphQLFixture.app, "store", "introspect", ["refresh": true])
            #expect(refreshed.output == endpoint.json)
            let introspections = GraphQLFixture.bodies(server).filter { $0["operationName"] == "PlugboardIntrospection" }
            #expect(introspections.count == 2)
        }
    }

    @Test func introspectionTurnedOffFailsDiscovery() async throws {
        try await GraphQLFixture.run { api, server, credential in
            try await GraphQLFixture.makeConnector(api, "closed", endpoint: server.baseURL + "/graphql-closed", credential: credential)
            let reply = try await api.call(.get, "/api/v1/applications/\(GraphQLFixture.app)/connectors/closed/schema")
            #expect(reply.errorCode == "schema_discovery_failed", "\(reply.text)")
            #expect(reply.error["message"]?.stringValue?.contains("introspection is not allowed") == true)
            // Ordinary queries still work there.
            let query = try await api.run(GraphQLFixture.app, "closed", "query", ["query": "{ books { id } }"])
            #expect(query.status == .ok, "\(query.text)")
        }
    }
}
