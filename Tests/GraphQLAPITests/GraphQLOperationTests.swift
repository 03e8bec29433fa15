import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// Queries and mutations through the HTTP API against a real GraphQL server.
@Suite struct GraphQLOperationTests {
    static let catalogue = """
        # Two operations; the comment's mutation { addBook } and the string below must not confuse the scan.
        query Catalogue($author: String, $limit: Int) {
          books(authorId: $author, limit: $limit) { id title tags author { name } }
        }
        query One($id: String!) {
          book(id: $id) { title year author { id name } note: title @include(if: true) }
        }
        """

    @Test func queryRunsTheNamedOperationWithVariables() async throws {
        try await GraphQLFixture.run { api, server, _ in
            let one = try await api.run(GraphQLFixture.app, "store", "query", ["query": .string(Self.catalogue), "operationName": "One", "variables": ["id": "b3"]])
            #expect(one.status == .ok, "\(one.text)")
            let book = one.output["data"]?["book"]
            #expect(book?["title"] == "Excession")
            #expect(book?["year"] == 1996)
            #expect(book?["author"]?["name"] == "Iain M. Banks")

            let catalogue = try await api.run(
                GraphQLFixture.app, "store", "query",
                ["query": .string(Self.catalogue), "operationName": "Catalogue", "variables": ["author": "a1", "limit": 1]])
            #expect(catalogue.status == .ok, "\(catalogue.text)")
            let books = catalogue.output["data"]?["books"]?.arrayValue ?? []
            #expect(books.count == 1)
            #expect(books.first?["title"] == "The Dispossessed")
            #expect(books.first?["tags"] == ["anarchy", "physics"])
            #expect(books.first?["author"]?["name"] == "Ursula K. Le Guin")

            // The server got the GraphQL-over-HTTP body and the credential as a bearer token.
            let sent = GraphQLFixture.bodies(server)
            #expect(sent.first?["operationName"] == "One")
            #expect(sent.first?["variables"] == ["id": "b3"])
            #expect(sent.first?["query"]?.stringValue == Self.catalogue)
            let request = server.requests(to: "/graphql").first
            #expect(request?.method == "POST")
            #expect(request?.header("Authorization") == "Bearer \(GraphQLFixture.token)")
            #expect(request?.header("Content-Type") == "application/json")
            #expect(!one.text.contains(GraphQLFixture.token))
        }
    }

    @Test func anonymousShorthandQueryRuns() async throws {
        try await GraphQLFixture.run { api, _, _ in
            let reply = try await api.run(GraphQLFixture.app, "store", "query", ["query": "{ books { id } }"])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["data"]?["books"]?.arrayValue?.count == 3)
        }
    }

    @Test func keywordsInCommentsAndStringsDoNotChangeTheOperationType() async throws {
        try await GraphQLFixture.run { api, _, _ in
            let document = """
                # mutation { addBook(title: "x") { id } }
                query Lookup { book(id: "mutation { addBook } \\" subscription") { title } }
                """
            let reply = try await api.run(GraphQLFixture.app, "store", "query", ["query": .string(document)])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["data"]?["book"] == .null)
        }
    }

    @Test func mutationChangesTheServiceData() async throws {
        try await GraphQLFixture.run { api, _, _ in
            let document = """
                mutation Add($title: String!, $year: Int!, $author: String!) {
                  addBook(title: $title, year: $year, authorId: $author) { id title year author { name } }
                }
                """
            let added = try await api.run(
                GraphQLFixture.app, "store", "mutate",
                ["query": .string(document), "variables": ["title": "Use of Weapons", "year": 1990, "author": "a2"]])
            #expect(added.status == .ok, "\(added.text)")
            #expect(added.output["data"]?["addBook"]?["title"] == "Use of Weapons")
            #expect(added.output["data"]?["addBook"]?["author"]?["name"] == "Iain M. Banks")

            let listed = try await api.run(GraphQLFixture.app, "store", "query", ["query": #"{ books(authorId: "a2") { title } }"#])
            let titles = (listed.output["data"]?["books"]?.arrayValue ?? []).compactMap { $0["title"]?.stringValue }
            #expect(titles == ["Excession", "Use of Weapons"])
        }
    }

    @Test func testIsATypenameRoundTrip() async throws {
        try await GraphQLFixture.run { api, server, _ in
            let reply = try await api.call(.post, "/api/v1/applications/\(GraphQLFixture.app)/connectors/store/test")
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json["details"]?["typename"] == "Query")
            #expect(GraphQLFixture.bodies(server).last?["query"] == "{ __typename }")
        }
    }

    @Test func actionsAreListedWithTheirAnnotations() async throws {
        try await GraphQLFixture.run { api, _, _ in
            let reply = try await api.call(.get, "/api/v1/applications/\(GraphQLFixture.app)/connectors/store/actions")
            let actions = reply.json["items"]?.arrayValue ?? []
            #expect(actions.compactMap { $0["name"]?.stringValue } == ["query", "mutate", "introspect"])
            #expect(actions.first { $0["name"] == "query" }?["annotations"]?["readOnly"] == true)
            #expect(actions.first { $0["name"] == "mutate" }?["annotations"]?["readOnly"] == false)
        }
    }
}
