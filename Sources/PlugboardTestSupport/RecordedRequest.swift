import Foundation

/// A request a loopback test server received, kept for assertions.
public struct RecordedRequest: Sendable {
    /// The method as sent, such as `GET`.
    public var method: String
    /// The path without the query.
    public var path: String
    /// Query parameters in order, percent-decoded; repeated names appear once per value.
    public var query: [(String, String)]
    /// Headers in the order received.
    public var headers: [(String, String)]
    /// The whole body as received.
    public var body: [UInt8]

    /// A recorded request from its parts.
    public init(method: String, path: String, query: [(String, String)], headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.equalsIgnoringASCIICase(name) }?.1
    }

    /// Every value of a query parameter.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.0 == name }.map(\.1)
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Splits a raw query string (`a=1&b=x%20y&b=2`) into decoded pairs; `+` means a space, as forms write it.
    public static func parseQuery(_ raw: String?) -> [(String, String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
