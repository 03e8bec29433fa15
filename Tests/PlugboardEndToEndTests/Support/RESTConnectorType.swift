import PlugboardCore

/// Facts about `plugboard.nodes.rest` the tests need, read from the server rather than assumed.
enum RESTConnectorType {
    static let id = "plugboard.nodes.rest"

    /// The connection field holding the base URL: the schema's URL-like property.
    static func baseURLOption(_ api: APISession) async throws -> String {
        let type = try api.expectSuccess(try await api.get("/api/v1/connector-types/\(id)"), "GET the rest type")
        let properties = type["optionsSchema"]?["properties"]?.objectValue ?? [:]
        let names = properties.keys
        if let exact = names.first(where: { ["baseurl", "base_url", "url"].contains($0.lowercased()) }) { return exact }
        if let uri = names.first(where: { properties[$0]?["format"]?.stringValue == "uri" }) { return uri }
        if let url = names.first(where: { $0.lowercased().contains("url") }) { return url }
        throw EndToEndError("the rest type has no base URL field among \(names)")
    }

    /// A `request` action input: `GET path`.
    static func get(_ path: String) -> JSONValue {
        ["method": "GET", "path": .string(path)]
    }
}
