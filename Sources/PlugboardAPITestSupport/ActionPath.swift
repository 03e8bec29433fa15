/// An action run's path, `/api/v1/applications/{app}/connectors/{connector}/actions/{action}`, taken apart.
struct ActionPath {
    var application: String
    var connector: String
    var action: String

    /// Nil for any other path; a query string is ignored.
    init?(_ path: String) {
        let parts = path.split(separator: "?", maxSplits: 1)[0].split(separator: "/").map(String.init)
        guard parts.count == 8, parts[0] == "api", parts[1] == "v1", parts[2] == "applications", parts[4] == "connectors",
            parts[6] == "actions"
        else { return nil }
        application = parts[3]
        connector = parts[5]
        action = parts[7]
    }

    /// Where the connector's actions are listed with their schemas.
    var actionsPath: String { "/api/v1/applications/\(application)/connectors/\(connector)/actions" }
}
