import PlugboardCore

extension OpenAPIOperationReader {
    /// The operationId with every character outside `[A-Za-z0-9_-]` replaced by `_`, or `method_path` without one.
    static func actionName(operationID: String?, method: String, path: String) -> String {
        let source = operationID.flatMap { $0.isEmpty ? nil : $0 } ?? "\(method.lowercased())_\(path)"
        var name = ""
        for scalar in source.unicodeScalars {
            let next: Character = isNameCharacter(scalar) ? Character(scalar) : "_"
            if next == "_", name.last == "_" { continue }
            name.append(next)
        }
        while name.hasSuffix("_") { name.removeLast() }
        if name.isEmpty { name = method.lowercased() }
        return String(name.prefix(maximumNameLength))
    }

    /// Whether `scalar` may appear in an action name: an ASCII letter or digit, `_` or `-`.
    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    /// `name`, or `name_2`, `name_3`… when taken (by another operation or the node's own actions); marks it taken.
    static func uniqueName(_ name: String, taken: inout Set<String>) -> String {
        var candidate = name
        var counter = 2
        while taken.contains(candidate) {
            let suffix = "_\(counter)"
            candidate = String(name.prefix(maximumNameLength - suffix.count)) + suffix
            counter += 1
        }
        taken.insert(candidate)
        return candidate
    }

    /// Gives each parameter its input property name: the wire name, or `<location>_<name>` when two locations share a
    /// name or the name is `body`.
    static func assignInputNames(_ parameters: inout [OpenAPIParameter]) {
        var counts: [String: Int] = [:]
        for parameter in parameters { counts[parameter.name, default: 0] += 1 }
        var used: Set<String> = ["body"]
        for index in parameters.indices {
            let parameter = parameters[index]
            var name = counts[parameter.name, default: 0] > 1 || parameter.name == "body" ? "\(parameter.location)_\(parameter.name)" : parameter.name
            var counter = 2
            while used.contains(name) {
                name = "\(parameter.location)_\(parameter.name)_\(counter)"
                counter += 1
            }
            used.insert(name)
            parameters[index].inputName = name
        }
    }

    /// The flat input schema: one property per parameter, the body under `body`; nothing else accepted.
    static func inputSchema(_ parameters: [OpenAPIParameter], _ body: OpenAPIRequestBody?) -> JSONValue {
        var properties = JSONObject()
        var required: [String] = []
        for parameter in parameters {
            properties[parameter.inputName] = parameter.schema
            if parameter.required { required.append(parameter.inputName) }
        }
        if let body {
            properties["body"] = body.schema
            if body.required { required.append("body") }
        }
        return Schema.object(properties, required: required)
    }
}
