import PlugboardCore

/// Looks up what connector commands refer to by id or name.
enum ConnectorReferences {
    /// `plugboard.nodes.rest` from `rest` or the full id.
    static func typeID(_ type: String) -> String {
        type.contains(".") ? type : "plugboard.nodes.\(type)"
    }

    /// The id of a credential given by id or name in the application at `applicationPath`.
    static func credentialID(_ reference: String, client: APIClient, applicationPath: String)
        async throws(CommandFailure) -> String
    {
        let response = try await client.get("\(applicationPath)/credentials/\(reference.pathEscaped)")
        return response.json["id"]?.stringValue ?? reference
    }

    /// The options schema of a connector type; nil when the type is unknown (the server then says so on create).
    static func optionsSchema(_ typeID: String, client: APIClient) async -> JSONValue? {
        let response = try? await client.get("/api/v1/connector-types/\(typeID.pathEscaped)")
        return response?.json["optionsSchema"]
    }
}
