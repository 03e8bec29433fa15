@testable import ConnectorsHTTP
import PlugboardCore
import Testing

/// The pieces pagination is built from: JSON paths, Link headers, multipart bodies.
@Suite struct RESTPagingPartsTests {
    static let document: JSONValue = ["data": ["items": [["id": 1], ["id": 2]]], "meta": ["next": "c2"], "list": [["x": ["y": "deep"]]]]

    @Test(arguments: [
        ("data.items[1].id", JSONValue.integer(2)), ("$.meta.next", "c2"), ("list[0].x.y", "deep"), ("", document), ("$", document),
        ("meta.missing", nil), ("data.items[5]", nil), ("meta.next.deeper", nil),
    ] as [(String, JSONValue?)])
    func pathFindsValues(path: String, expected: JSONValue?) throws {
        #expect(try JSONPath(path, field: "p").value(in: Self.document) == expected)
    }

    @Test(arguments: ["data[x]", "data[-1]", "data..items", "data[1", "[0]]"])
    func malformedPathIsInvalidInput(path: String) {
        let error = #expect(throws: ConnectorError.self) { try JSONPath(path, field: "pagination.itemsPath") }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "pagination.itemsPath")
    }

    @Test func linkHeaderNextIsFoundAmongOthers() {
        let github = #"<https://api.example.com/items?page=1>; rel="prev", <https://api.example.com/items?page=3>; rel="next", <https://api.example.com/items?page=9>; rel="last""#
        #expect(LinkHeader.target(rel: "next", in: [github]) == "https://api.example.com/items?page=3")
        #expect(LinkHeader.target(rel: "next", in: [#"</a>; rel="first", </b>; title="x, y"; rel="prev next""#]) == "/b")
        #expect(LinkHeader.target(rel: "next", in: [#"</a>; rel="first""#, #"</c>; REL=NEXT"#]) == "/c")
        #expect(LinkHeader.target(rel: "next", in: [#"</a>; rel="last""#]) == nil)
        #expect(LinkHeader.target(rel: "next", in: []) == nil)
    }

    @Test func multipartBodyIsWellFormed() {
        let body = MultipartFormBody(
            parts: [.init(name: #"a"b"#, bytes: Array("1".utf8)), .init(name: "f", filename: "x.bin", bytes: [0, 1])], boundary: "BOUND")
        let expected = "--BOUND\r\nContent-Disposition: form-data; name=\"a%22b\"\r\n\r\n1\r\n"
            + "--BOUND\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}\u{1}\r\n"
            + "--BOUND--\r\n"
        #expect(body.bytes == Array(expected.utf8))
        #expect(body.contentType == "multipart/form-data; boundary=BOUND")
        #expect(!MultipartFormBody.isSafeParameter("a\r\nb"))
    }
}
