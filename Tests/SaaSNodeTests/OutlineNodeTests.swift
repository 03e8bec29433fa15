import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `outline` node through Plugboard's API against an Outline double built from Outline's OpenAPI document.
@Suite struct OutlineNodeTests {
    private func connector(_ api: APIClient, _ upstream: UpstreamServer, key: String = OutlineDouble.key, name: String = "wiki") async throws {
        let credential = try await api.makeCredential("docs", name: "key-\(name)", kind: "api_key", fields: ["key": .string(key)])
        let reply = try await api.makeConnector("docs", type: "outline", name: name, options: ["baseUrl": .string(upstream.baseURL), "retries": 2], credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    @Test func documentsCollectionsAndComments() async throws {
        let double = OutlineDouble()
        double.seed(130)
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("docs")
                try await connector(api, upstream)
                let test = try await api.call(.post, "/api/v1/applications/docs/connectors/wiki/test")
                #expect(test.json["details"]?["user"] == "Ada Lovelace", "\(test.text)")

                let collections = try await api.run("docs", "wiki", "list_collections")
                #expect(collections.output["count"] == 2, "\(collections.text)")
                let engineering = try #require(collections.output["collections"]?.arrayValue?.first?["id"]?.stringValue)
                let people = try #require(collections.output["collections"]?.arrayValue?.last?["id"]?.stringValue)
                #expect(try await api.run("docs", "wiki", "get_collection", ["id": .string(engineering)]).output["name"] == "Engineering")

                let created = try await api.run("docs", "wiki", "create_document", [
                    "title": "Hiring plan", "text": "We are hiring two engineers.", "collectionId": .string(engineering),
                ])
                let id = try #require(created.output["id"]?.stringValue, "\(created.text)")
                let request = try #require(upstream.requests.last)
                #expect(request.method == "POST" && request.path == "/api/documents.create")
                #expect(try JSONParser.parse(request.body)["publish"] == true)
                let updated = try await api.run("docs", "wiki", "update_document", ["id": .string(id), "text": "We are hiring three engineers."])
                #expect(updated.output["text"] == "We are hiring three engineers.", "\(updated.text)")
                let update = try JSONParser.parse(try #require(upstream.requests.last { $0.path == "/api/documents.update" }).body)
                #expect(update["publish"] == nil && update["collectionId"] == nil, "an update publishes only when asked: \(update)")
                #expect(try await api.run("docs", "wiki", "get_document", ["id": .string(id)]).output["title"] == "Hiring plan")
                let markdown = try await api.run("docs", "wiki", "export_document", ["id": .string(id)])
                #expect(markdown.output["markdown"] == "# Hiring plan\n\nWe are hiring three engineers.", "\(markdown.text)")
                let found = try await api.run("docs", "wiki", "search_documents", ["query": "hiring"])
                #expect(found.output["count"] == 1 && found.output["results"]?.arrayValue?.first?["document"]?["id"] == .string(id), "\(found.text.prefix(300))")

                // 131 documents in Engineering: everything across two pages of 100, or only as many as asked for.
                let all = try await api.run("docs", "wiki", "list_documents", ["collectionId": .string(engineering), "limit": 1000])
                #expect(all.output["count"] == 131, "\(all.text.prefix(200))")
                let offsets = upstream.requests.filter { $0.path == "/api/documents.list" }.compactMap { try? JSONParser.parse($0.body)["offset"]?.integerValue }
                #expect(offsets == [0, 100, 131] || offsets == [0, 100], "paged by offset in the body: \(offsets)")
                let some = try await api.run("docs", "wiki", "list_documents", ["collectionId": .string(engineering), "limit": 30])
                #expect(some.output["count"] == 30)

                let moved = try await api.run("docs", "wiki", "move_document", ["id": .string(id), "collectionId": .string(people)])
                #expect(moved.output["documents"]?.arrayValue?.first?["collectionId"] == .string(people), "\(moved.text.prefix(300))")
                #expect(try await api.run("docs", "wiki", "list_documents", ["collectionId": .string(people)]).output["count"] == 1)

                let comment = try await api.run("docs", "wiki", "create_comment", ["documentId": .string(id), "text": "Approved."])
                let commentID = try #require(comment.output["id"]?.stringValue, "\(comment.text)")
                _ = try await api.run("docs", "wiki", "create_comment", ["documentId": .string(id), "text": "Thanks!", "parentCommentId": .string(commentID)])
                let comments = try await api.run("docs", "wiki", "list_comments", ["documentId": .string(id)])
                #expect(comments.output["count"] == 2 && comments.output["comments"]?.arrayValue?.last?["parentCommentId"] == .string(commentID))

                #expect(try await api.run("docs", "wiki", "delete_document", ["id": .string(id)]).output["deleted"] == true)
                let gone = try await api.run("docs", "wiki", "get_document", ["id": .string(id)])
                #expect(gone.errorCode == "not_found" && gone.text.contains("Resource not found"), "\(gone.text)")
                let nowhere = try await api.run("docs", "wiki", "create_document", ["title": "Lost"])
                #expect(nowhere.errorCode == "invalid_input" && nowhere.status.code == 400, "\(nowhere.text)")
                #expect(try await api.run("docs", "wiki", "search_documents", [:]).errorCode == "invalid_input")

                let executions = try await api.call(.get, "/api/v1/applications/docs/executions?limit=100")
                for text in [test.text, created.text, gone.text, executions.text] { #expect(!text.contains(OutlineDouble.key)) }
            }
        }
    }

    /// 429 with Retry-After is waited out and sent again (even for a POST: it was not carried out); a wrong key is
    /// authentication_failed and never shown.
    @Test func limitsAndKeys() async throws {
        let double = OutlineDouble()
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("docs")
                try await connector(api, upstream)
                let search = try await api.run("docs", "wiki", "search_documents", ["query": "busy"])
                #expect(search.status == .ok && search.output["count"] == 0, "\(search.text)")
                #expect(upstream.requests.filter { $0.path == "/api/documents.search" }.count == 2, "one 429, then the answer")

                try await connector(api, upstream, key: "ol_api_wrongwrongwrong", name: "wrong")
                let refused = try await api.call(.post, "/api/v1/applications/docs/connectors/wrong/test")
                #expect(refused.json["error"]?["code"] == "authentication_failed", "\(refused.text)")
                #expect(!refused.text.contains("ol_api_wrongwrongwrong"))
            }
        }
    }
}
