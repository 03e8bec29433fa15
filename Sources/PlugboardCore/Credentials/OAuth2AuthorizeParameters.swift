import Foundation

/// The extra parameters an OAuth2 credential adds to its authorization URL (`access_type=offline&prompt=consent`),
/// read as a query string. The ones the flow itself sets are refused, so a credential cannot weaken it.
public enum OAuth2AuthorizeParameters {
    /// Parameters Plugboard sets on every authorization request.
    public static let reserved: Set<String> = [
        "response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method",
    ]

    /// The name and value pairs of `text`, percent-decoded, in order.
    public static func pairs(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part) }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Refuses a parameter without a name, or one the flow sets itself.
    public static func check(_ text: String) throws(ConnectorError) {
        for (name, _) in pairs(text) {
            if name.isEmpty {
                throw .invalidInput("Write the extra authorization parameters as name=value pairs joined by '&'.", field: "authorizeParameters")
            }
            if reserved.contains(name) {
                throw .invalidInput(
                    "'\(name)' is set by Plugboard on every authorization request; it cannot be an extra parameter.", field: "authorizeParameters")
            }
        }
    }
}
