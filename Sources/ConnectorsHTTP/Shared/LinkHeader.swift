import Foundation

/// Reads RFC 8288 `Link` headers, as APIs use them for paging (`<https://api.example.com/items?page=2>; rel="next"`).
public enum LinkHeader {
    /// The target of the first link whose `rel` includes `relation`, across every `Link` header value given.
    public static func target(rel relation: String, in values: [String]) -> String? {
        for value in values {
            for link in links(in: value) where link.relations.contains(relation.lowercased()) { return link.target }
        }
        return nil
    }

    /// Each `<target>; params` of one header value, with its relation types lowercased.
    static func links(in value: String) -> [(target: String, relations: [String])] {
        var result: [(String, [String])] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let target = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            // Parameters run to the next link; a quoted value may hold commas or semicolons.
            var parameters = ""
            var inQuotes = false
            while let character = rest.first {
                if character == "\"" { inQuotes.toggle() }
                if character == ",", !inQuotes { break }
                parameters.append(character)
                rest = rest.dropFirst()
            }
            rest = rest.drop { $0 == "," || $0 == " " }
            result.append((target, relations(in: parameters)))
        }
        return result
    }

    private static func relations(in parameters: String) -> [String] {
        for parameter in parameters.split(separator: ";") {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel" else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.lowercased().split(separator: " ").map(String.init)
        }
        return []
    }
}
