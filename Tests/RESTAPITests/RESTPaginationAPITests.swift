import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// `pagination` through the HTTP API: every style gathers all items across pages, the cap cuts it off and says so.
@Suite struct RESTPaginationAPITests {
    private static let allItems: JSONValue = .array((1...UpstreamServer.pagedItemCount).map { ["id": .integer(Int64($0))] })

    @Test func linkHeaderIsFollowedToTheLastPage() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "paged", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(api, "paged", ["path": "/pages/link", "pagination": ["style": "link"]])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["body"] == Self.allItems)
            #expect(reply.output["pages"] == 3)
            #expect(reply.output["itemCount"] == 5)
            #expect(reply.output["truncated"] == false)
            #expect(reply.output["next"] == nil)
            #expect(server.requests(to: "/pages/link").map { $0.queryValues("page") } == [[], ["2"], ["3"]])
        }
    }

    @Test func pageCapStopsAndSaysWhereToContinue() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "paged", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(
                api, "paged", ["path": "/pages/link", "pagination": ["style": "link", "maxPages": 2]])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["itemCount"] == 4)
            #expect(reply.output["pages"] == 2)
            #expect(reply.output["truncated"] == true)
            #expect(reply.output["next"]?["path"] == "/pages/link?per=2&page=3")
            #expect(server.requests(to: "/pages/link").count == 2)

            // Continuing from `next` gets the rest.
            let rest = try await RESTAPIFixture.request(api, "paged", ["path": "/pages/link?per=2&page=3", "pagination": ["style": "link"]])
            #expect(rest.output["body"] == [["id": 5]])
            #expect(rest.output["truncated"] == false)
        }
    }

    @Test func cursorFromTheBodyIsSentBack() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "paged", baseURL: server.baseURL)
            let pagination: JSONValue = ["style": "cursor", "itemsPath": "data.items", "cursorPath": "$.meta.next_cursor", "cursorParam": "cursor"]
            let reply = try await RESTAPIFixture.request(api, "paged", ["path": "/pages/cursor", "query": ["per": 2], "pagination": pagination])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["body"] == Self.allItems)
            #expect(reply.output["pages"] == 3)
            #expect(reply.output["truncated"] == false)
            let sent = server.requests(to: "/pages/cursor")
            #expect(sent.map { $0.queryValues("cursor") } == [[], ["c2"], ["c4"]])
            #expect(sent.allSatisfy { $0.queryValues("per") == ["2"] })
        }
    }

    @Test func pageNumbersCountUpUntilAnEmptyPage() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "paged", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(
                api, "paged", ["path": "/pages/number", "pagination": ["style": "page", "itemsPath": "results", "pageParam": "page"]])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["body"] == Self.allItems)
            #expect(reply.output["pages"] == 4)
            #expect(reply.output["truncated"] == false)
            #expect(server.requests(to: "/pages/number").map { $0.queryValues("page") } == [["1"], ["2"], ["3"], ["4"]])

            let capped = try await RESTAPIFixture.request(
                api, "paged", ["path": "/pages/number", "pagination": ["style": "page", "itemsPath": "results", "maxPages": 2]])
            #expect(capped.output["itemCount"] == 4)
            #expect(capped.output["truncated"] == true)
            #expect(capped.output["next"] == ["query": ["page": 3]])
        }
    }

    @Test func offsetsAdvanceByEachPagesItemCount() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "paged", baseURL: server.baseURL)
            let pagination: JSONValue = ["style": "offset", "itemsPath": "items", "offsetParam": "offset"]
            let reply = try await RESTAPIFixture.request(api, "paged", ["path": "/pages/offset", "query": ["limit": 2], "pagination": pagination])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["body"] == Self.allItems)
            #expect(reply.output["pages"] == 4)
            #expect(reply.output["attempts"] == 4)
            #expect(server.requests(to: "/pages/offset").map { $0.queryValues("offset") } == [["0"], ["2"], ["4"], ["5"]])

            let capped = try await RESTAPIFixture.request(
                api, "paged", ["path": "/pages/offset", "query": ["limit": 2], "pagination": ["style": "offset", "itemsPath": "items", "maxPages": 2]])
            #expect(capped.output["itemCount"] == 4)
            #expect(capped.output["truncated"] == true)
            #expect(capped.output["next"] == ["query": ["offset": 4]])
        }
    }

    @Test func apiKeyInTheQueryGoesWithEveryPageAndStaysHidden() async throws {
        try await RESTAPIFixture.run { api, server in
            let key = "page-key-4c1f9a2b7e"
            let credential = try await api.makeCredential(
                RESTAPIFixture.app, name: "key", kind: "api_key", fields: ["key": .string(key), "name": "api_key", "placement": "query"])
            try await RESTAPIFixture.connector(api, "paged", baseURL: server.baseURL, credential: credential)
            let reply = try await RESTAPIFixture.request(api, "paged", ["path": "/pages/link", "pagination": ["style": "link", "maxPages": 2]])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(server.requests(to: "/pages/link").map { $0.queryValues("api_key") } == [[key], [key]])
            #expect(!reply.text.contains(key))
        }
    }

    @Test func nextLinkToAnotherHostIsRefused() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "paged", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(api, "paged", ["path": "/pages/link", "query": ["away": "1"], "pagination": ["style": "link"]])
            #expect(reply.errorCode == "upstream_error", "\(reply.text)")
            #expect(reply.error["message"]?.stringValue?.contains("another host") == true)
            #expect(server.requests(to: "/pages/link").count == 1)
        }
    }

    @Test func wrongItemsPathIsInvalidInput() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "paged", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(
                api, "paged", ["path": "/pages/number", "pagination": ["style": "page", "itemsPath": "data.items"]])
            #expect(reply.errorCode == "invalid_input", "\(reply.text)")
            #expect(reply.error["field"] == "pagination.itemsPath")
        }
    }

    @Test(arguments: [
        (["style": "cursor", "cursorParam": "c"] as JSONValue, "pagination.cursorPath"),
        (["style": "cursor", "cursorPath": "next"] as JSONValue, "pagination.cursorParam"),
        (["style": "sideways"] as JSONValue, "pagination.style"),
        (["style": "link", "itemsPath": "data[x]"] as JSONValue, "pagination.itemsPath"),
    ])
    func incompletePaginationIsRefusedBeforeSending(pagination: JSONValue, field: String) async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "paged", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(api, "paged", ["path": "/pages/cursor", "pagination": pagination])
            #expect(reply.errorCode == "invalid_input", "\(reply.text)")
            #expect(reply.error["field"]?.stringValue == field, "\(reply.text)")
            #expect(server.requests.isEmpty)
        }
    }
}
