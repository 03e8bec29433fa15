import ConnectorsHTTP
import Foundation
import PlugboardCore
import Testing

@Suite struct SharedHTTPTests {
    @Test func percentEncoding() {
        #expect(PercentEncoding.queryComponent("a b&c=d/é~") == "a%20b%26c%3Dd%2F%C3%A9~")
        #expect(PercentEncoding.path("/users/a b/%2F/100%") == "/users/a%20b/%2F/100%25")
        #expect(PercentEncoding.path("a#b?c\\d") == "a%23b%3Fc%5Cd")
        #expect(PercentEncoding.query([("tag", "x"), ("tag", "y z")]) == "tag=x&tag=y%20z")
    }

    @Test(arguments: [
        ("application/json; charset=utf-8", #"{"a":1}"#, HTTPResponseBody.Encoding.json),
        ("application/problem+json", #"{"title":"x"}"#, .json),
        ("application/json", "not json", .text),
        ("text/html", "<p>hi</p>", .text),
        ("application/xml", "<a/>", .text),
        ("application/octet-stream", "bytes", .base64),
        ("image/png", "png", .base64),
    ])
    func responseBodiesDecodeByContentType(contentType: String, body: String, expected: HTTPResponseBody.Encoding) {
        #expect(HTTPResponseBody(bytes: Array(body.utf8), contentType: contentType).encoding == expected)
    }

    @Test func bodiesWithoutContentTypeAreTextWhenUTF8() {
        #expect(HTTPResponseBody(bytes: Array("plain".utf8), contentType: nil).value == "plain")
        let binary = HTTPResponseBody(bytes: [0xFF, 0xFE, 0x00], contentType: nil)
        #expect(binary.encoding == .base64)
        #expect(binary.value == .string(Data([0xFF, 0xFE, 0x00]).base64EncodedString()))
        #expect(HTTPResponseBody(bytes: [0xC3], contentType: "text/plain").encoding == .base64)
    }

    @Test func backoffIsJitteredAndCapped() {
        let policy = HTTPRetryPolicy(retries: 5, baseDelay: .milliseconds(100), maximumDelay: .milliseconds(300))
        for retry in 1...6 {
            let ceiling: Duration = min(.milliseconds(300), .milliseconds(100) * (1 << (retry - 1)))
            for _ in 0..<50 {
                let delay = policy.backoff(beforeRetry: retry)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
        #expect(HTTPRetryPolicy(retries: 1, baseDelay: .zero).backoff(beforeRetry: 1) == .zero)
    }

    @Test func onlyIdempotentMethodsAreRetried() {
        let policy = HTTPRetryPolicy(retries: 2, baseDelay: .zero)
        for method in ["GET", "head", "OPTIONS", "PUT", "DELETE"] { #expect(policy.allowsRetry(of: method)) }
        for method in ["POST", "PATCH"] { #expect(!policy.allowsRetry(of: method)) }
        #expect(!HTTPRetryPolicy(retries: 0, baseDelay: .zero).allowsRetry(of: "GET"))
    }

    @Test func retryAfterAcceptsSecondsAndDates() {
        #expect(HTTPStatusFailure.retryAfter("3") == 3)
        #expect(HTTPStatusFailure.retryAfter(" 1.5 ") == 1.5)
        #expect(HTTPStatusFailure.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == 0)
        let future = Date().addingTimeInterval(120)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let seconds = HTTPStatusFailure.retryAfter(formatter.string(from: future)) ?? 0
        #expect(seconds > 100 && seconds <= 120)
        #expect(HTTPStatusFailure.retryAfter("soon") == nil)
        #expect(HTTPStatusFailure.retryAfter(nil) == nil)
    }

    @Test func statusFailuresCarryRedactedDetails() throws {
        let response = HTTPResponseMessage(status: 401, headers: [], body: Array("bad token tok-123456".utf8))
        let error = try #require(HTTPStatusFailure.error(for: response, service: "api.example.com", redactor: Redactor(secrets: ["tok-123456"])))
        #expect(error.code == .authenticationFailed)
        #expect(error.details?["body"] == "bad token [redacted]")
        #expect(HTTPStatusFailure.error(for: HTTPResponseMessage(status: 404, headers: [], body: []), service: "x", redactor: Redactor(secrets: [])) == nil)
        let long = HTTPResponseMessage(status: 500, headers: [], body: Array(repeating: UInt8(ascii: "a"), count: 5000))
        #expect(HTTPStatusFailure.error(for: long, service: "x", redactor: Redactor(secrets: []))?.details?["body"]?.stringValue?.count == 2048)
    }

    @Test func authenticationForEachKind() throws {
        let basic = try HTTPAuthentication(credential: Credential(id: "c", kind: .usernamePassword, fields: ["username": "u", "password": "p"]))
        #expect(basic.headers.first?.1 == "Basic dTpw")
        let query = try HTTPAuthentication(credential: Credential(id: "c", kind: .apiKey, fields: ["key": "k", "placement": "query"]))
        #expect(query.query.first?.0 == "X-API-Key")
        #expect(query.headers.isEmpty)
        let certificate = try HTTPAuthentication(credential: Credential(id: "c", kind: .clientCertificate, fields: [:]))
        #expect(certificate.headers.isEmpty && certificate.query.isEmpty)
        let ssh = #expect(throws: ConnectorError.self) {
            try HTTPAuthentication(credential: Credential(id: "c", kind: .sshKey, fields: ["username": "u", "privateKey": "k"]))
        }
        #expect(ssh?.code == .invalidConfiguration)
        let empty = #expect(throws: ConnectorError.self) { try HTTPAuthentication(credential: Credential(id: "c", kind: .bearerToken, fields: [:])) }
        #expect(empty?.code == .authenticationFailed)
    }
}
