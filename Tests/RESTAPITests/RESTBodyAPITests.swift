import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// Request bodies of every kind and binary or oversized responses, through the HTTP API.
@Suite struct RESTBodyAPITests {
    @Test func formBodyIsURLEncoded() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "bodies", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(
                api, "bodies", ["method": "POST", "path": "/echo", "body": ["form": ["name": "Ada Lovelace", "age": 36, "note": "a&b=c"]]])
            #expect(reply.status == .ok, "\(reply.text)")
            let received = try #require(server.lastRequest)
            #expect(received.header("content-type") == "application/x-www-form-urlencoded")
            #expect(RecordedRequest.parseQuery(received.bodyText).map { "\($0.0)=\($0.1)" } == ["name=Ada Lovelace", "age=36", "note=a&b=c"])
        }
    }

    @Test func multipartBodyCarriesFieldsAndFiles() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "bodies", baseURL: server.baseURL)
            let file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x0D, 0x0A]
            let input: JSONValue = [
                "method": "POST", "path": "/echo",
                "body": [
                    "multipart": [
                        "fields": ["title": "Quarterly report", "pages": 12],
                        "files": [
                            ["field": "attachment", "filename": "chart.png", "contentType": "image/png", "base64": .string(Data(file).base64EncodedString())]
                        ],
                    ]
                ],
            ]
            let reply = try await RESTAPIFixture.request(api, "bodies", input)
            #expect(reply.status == .ok, "\(reply.text)")
            let received = try #require(server.lastRequest)
            let contentType = try #require(received.header("content-type"))
            #expect(contentType.hasPrefix("multipart/form-data; boundary="))
            let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
            let parts = Self.parts(of: received.body, boundary: boundary)
            #expect(parts.count == 3)
            #expect(parts.first?.head == #"Content-Disposition: form-data; name="title""#)
            #expect(parts.first?.body == Array("Quarterly report".utf8))
            #expect(parts.dropFirst().first?.body == Array("12".utf8))
            #expect(parts.last?.head == "Content-Disposition: form-data; name=\"attachment\"; filename=\"chart.png\"\r\nContent-Type: image/png")
            #expect(parts.last?.body == file)
        }
    }

    @Test func multipartFileWithoutNameIsInvalidInput() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "bodies", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(
                api, "bodies", ["method": "POST", "path": "/echo", "body": ["multipart": ["files": [["field": "f", "base64": "AAEC"]]]]])
            #expect(reply.errorCode == "invalid_input", "\(reply.text)")
            #expect(server.requests.isEmpty)
        }
    }

    @Test func jsonTextAndBinaryBodiesArriveAsSent() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "bodies", baseURL: server.baseURL)
            _ = try await RESTAPIFixture.request(api, "bodies", ["method": "PUT", "path": "/echo", "body": ["json": ["a": [1, 2], "b": nil]]])
            #expect(server.lastRequest?.header("content-type") == "application/json")
            #expect(try server.lastRequest.map { try JSONParser.parse($0.body) } == ["a": [1, 2], "b": nil])

            _ = try await RESTAPIFixture.request(api, "bodies", ["method": "POST", "path": "/echo", "body": ["text": "héllo ✓"]])
            #expect(server.lastRequest?.header("content-type") == "text/plain; charset=utf-8")
            #expect(server.lastRequest?.bodyText == "héllo ✓")

            let bytes: [UInt8] = (0...255).map { UInt8($0) }
            _ = try await RESTAPIFixture.request(
                api, "bodies",
                ["method": "POST", "path": "/echo", "body": ["base64": .string(Data(bytes).base64EncodedString())], "contentType": "application/pdf"])
            #expect(server.lastRequest?.header("content-type") == "application/pdf")
            #expect(server.lastRequest?.body == bytes)
        }
    }

    @Test func binaryResponseComesBackAsBase64() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "bodies", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(api, "bodies", ["path": "/bytes/300"])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["bodyEncoding"] == "base64")
            let decoded = reply.output["body"]?.stringValue.flatMap { Data(base64Encoded: $0) }
            #expect(decoded.map(Array.init) == (0..<300).map { UInt8(truncatingIfNeeded: $0) })
        }
    }

    @Test func responseOverTheSizeCapIsPayloadTooLarge() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "capped", baseURL: server.baseURL, options: ["maxResponseBytes": 1000])
            let small = try await RESTAPIFixture.request(api, "capped", ["path": "/bytes/1000"])
            #expect(small.status == .ok, "\(small.text)")
            let reply = try await RESTAPIFixture.request(api, "capped", ["path": "/bytes/1001"])
            #expect(reply.errorCode == "payload_too_large", "\(reply.text)")
            #expect(reply.error["fix"]?.stringValue?.contains("maximum response size") == true)
        }
    }

    /// Splits a multipart body into each part's header block and content.
    static func parts(of body: [UInt8], boundary: String) -> [(head: String, body: [UInt8])] {
        let delimiter = Array("\r\n--\(boundary)".utf8)
        let text = [UInt8]("\r\n".utf8) + body
        var pieces: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + delimiter.count <= text.count {
            if Array(text[index..<index + delimiter.count]) == delimiter {
                pieces.append(Array(text[start..<index]))
                index += delimiter.count
                start = index
            } else {
                index += 1
            }
        }
        // The first piece is the empty preamble; the last begins with the closing "--".
        return pieces.dropFirst().compactMap { piece in
            var piece = piece
            if piece.starts(with: Array("\r\n".utf8)) { piece.removeFirst(2) }
            let separator = Array("\r\n\r\n".utf8)
            guard let split = (0...(max(0, piece.count - separator.count))).first(where: { Array(piece[$0..<min(piece.count, $0 + separator.count)]) == separator })
            else { return nil }
            return (String(decoding: piece[..<split], as: UTF8.self), Array(piece[(split + separator.count)...]))
        }
    }
}
