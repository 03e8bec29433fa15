import Foundation
import PlugboardCore

/// An absolute http or https URL taken apart the way AsyncHTTPClient takes it apart, so the host the egress
/// guard checks is exactly the host whose connection gets pinned.
struct RequestTarget: Sendable, Hashable {
    let url: URL
    /// `http` or `https`.
    let scheme: String
    /// The host as written in the URL, IPv6 brackets removed.
    let host: String
    let port: Int

    /// The origin (`scheme://host:port`); one pinned client serves each.
    var origin: String { "\(scheme)://\(host):\(port)" }

    init(_ text: String) throws(ConnectorError) {
        guard let url = URL(string: text) else {
            // The URL itself is not echoed: some APIs carry a secret in the path.
            throw ConnectorError.invalidInput("The request URL is not a valid URL.", field: "url")
        }
        try self.init(url: url)
    }

    init(url: URL) throws(ConnectorError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw ConnectorError.invalidInput("Only http and https URLs can be requested.", field: "url")
        }
        guard let rawHost = url.host, !rawHost.isEmpty else {
            throw ConnectorError.invalidInput("The URL has no host.", field: "url")
        }
        self.url = url
        self.scheme = scheme
        self.host = HostResolver.unbracketed(rawHost)
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }
}
