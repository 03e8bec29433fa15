import PlugboardCore

extension OpenAPISpec {
    /// Methods a path item may hold operations for, in the order they are listed.
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
    /// Names of the node's own actions, which operations may not take.
    static let reservedNames: Set<String> = ["operations", "call"]

    /// Reads the spec from a loaded document's JSON (OpenAPI 3.1 shape); throws when it has no operations.
    init(tree: JSONValue, openAPIVersion: String, field: String, source: String) throws(ConnectorError) {
        let resolver = OpenAPIReferenceResolver(root: tree)
        title = tree["info"]?["title"]?.stringValue ?? "API"
        apiVersion = tree["info"]?["version"]?.stringValue ?? ""
        self.openAPIVersion = openAPIVersion
        servers = (tree["servers"]?.arrayValue ?? []).compactMap(OpenAPIServer.init(json:))
        var schemes: [String: OpenAPISecurityScheme] = [:]
        for (name, value) in tree["components"]?["securitySchemes"]?.objectValue ?? [:] {
            if let scheme = resolver.resolve(value) { schemes[name] = OpenAPISecurityScheme(json: scheme) }
        }
        securitySchemes = schemes
        let globalSecurity = Self.securityAlternatives(tree["security"])
        var taken = Self.reservedNames
        var operations: [OpenAPIOperation] = []
        for (path, itemValue) in tree["paths"]?.objectValue ?? [:] {
            guard let item = resolver.resolve(itemValue) else {
                throw OpenAPISpecLoader.refusal("The path '\(path)' in the document from \(source) refers to a path item that does not exist.", field: field)
            }
            for method in Self.methods {
                guard let operation = item[method], operation.objectValue != nil else { continue }
                var reader = OpenAPIOperationReader(resolver: resolver, path: path, method: method.uppercased(), field: field, source: source)
                operations.append(
                    try reader.read(operation, sharedParameters: item["parameters"]?.arrayValue ?? [], globalSecurity: globalSecurity, taken: &taken))
            }
        }
        guard !operations.isEmpty else {
            throw OpenAPISpecLoader.refusal(
                "The OpenAPI document from \(source) has no operations, so the connector would have no actions.", field: field,
                fix: "Use a document whose paths define at least one operation (get, post, put, patch, delete…).")
        }
        self.operations = operations
    }

    /// A `security` array as alternatives of scheme names; nil when absent.
    static func securityAlternatives(_ value: JSONValue?) -> [[String]]? {
        guard let requirements = value?.arrayValue else { return nil }
        return requirements.map { $0.objectValue.map { Array($0.keys) } ?? [] }
    }
}
