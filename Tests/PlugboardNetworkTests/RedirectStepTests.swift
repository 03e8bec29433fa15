import PlugboardCore
import Testing

@testable import PlugboardNetwork

/// The redirect decision alone, without I/O.
@Suite struct RedirectStepTests {
    private func step(_ status: Int, location: String?, method: String = "GET", from url: String = "https://api.example.com/v1/items")
        throws -> RedirectStep?
    {
        var request = HTTPRequestMessage(
            method: method, url: url, headers: [("Authorization", "Bearer t"), ("Content-Type", "application/json"), ("X-Key", "k")],
            body: [1, 2, 3])
        request.credentialHeaders = ["X-Key"]
        let response = HTTPResponseMessage(status: status, headers: location.map { [("Location", $0)] } ?? [], body: [])
        return RedirectStep(after: response, to: request, at: try RequestTarget(url))
    }

    @Test func relativeLocationsResolveAgainstTheCurrentURL() throws {
        #expect(try step(302, location: "other")?.request.url == "https://api.example.com/v1/other")
        #expect(try step(302, location: "/root?x=1")?.request.url == "https://api.example.com/root?x=1")
        #expect(try step(302, location: "//cdn.example.com/a")?.target.host == "cdn.example.com")
        #expect(try step(302, location: "http://[::1]:8080/a")?.target.host == "::1")
    }

    @Test func nonRedirectsAndUnusableLocationsAreNotFollowed() throws {
        #expect(try step(200, location: "/x") == nil)
        #expect(try step(304, location: "/x") == nil)
        #expect(try step(302, location: nil) == nil)
        #expect(try step(302, location: "ftp://files.example.com/x") == nil)
        #expect(try step(302, location: "") == nil)
    }

    @Test func sameOriginKeepsCredentials() throws {
        let next = try #require(try step(307, location: "/v2/items", method: "POST"))
        #expect(next.request.method == "POST")
        #expect(next.request.body == [1, 2, 3])
        #expect(next.request.headers.contains { $0.0 == "Authorization" })
        #expect(next.request.headers.contains { $0.0 == "X-Key" })
    }

    @Test func otherOriginDropsCredentials() throws {
        for location in ["https://elsewhere.example.com/", "http://api.example.com/v1/items", "https://api.example.com:8443/"] {
            let next = try #require(try step(308, location: location, method: "PUT"))
            #expect(!next.request.headers.contains { $0.0 == "Authorization" || $0.0 == "X-Key" }, "\(location)")
            #expect(next.request.headers.contains { $0.0 == "Content-Type" })
            #expect(next.request.body == [1, 2, 3])
        }
    }

    @Test func seeOtherBecomesGetWithoutBody() throws {
        let next = try #require(try step(303, location: "/status", method: "DELETE"))
        #expect(next.request.method == "GET")
        #expect(next.request.body == nil)
        #expect(!next.request.headers.contains { $0.0 == "Content-Type" })
        #expect(try step(303, location: "/status", method: "HEAD")?.request.method == "HEAD")
    }

    @Test func movedAndFoundTurnPostIntoGetOnly() throws {
        #expect(try step(301, location: "/x", method: "POST")?.request.method == "GET")
        #expect(try step(302, location: "/x", method: "POST")?.request.body == nil)
        #expect(try step(302, location: "/x", method: "PUT")?.request.method == "PUT")
        #expect(try step(302, location: "/x", method: "PUT")?.request.body == [1, 2, 3])
    }
}
