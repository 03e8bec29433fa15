import Foundation

extension String {
    /// The string escaped for use as one path segment (an id or a name with spaces or slashes).
    var pathEscaped: String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }

    /// The string escaped for use as a query parameter value.
    var queryEscaped: String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#%")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
