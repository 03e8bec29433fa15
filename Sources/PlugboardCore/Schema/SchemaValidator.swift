import Foundation

/// Checks a value against the JSON Schema subset Plugboard's schemas use, collecting one issue per bad field.
///
/// Supported: type, properties, required, additionalProperties, enum, const, minimum, maximum,
/// minLength, maxLength, pattern, minItems, maxItems, items, format (uri, date-time), oneOf and anyOf.
public enum SchemaValidator {
    /// One reason a value does not match, at a dotted path (`headers.Accept`, `items[2].id`).
    public struct Issue: Sendable, Hashable {
        /// Dotted path of the offending value; empty for the root.
        public var path: String
        /// What is wrong, as a phrase that follows the path ("is required").
        public var message: String
        /// The issue as it appears in an error's details: `{field, message}`.
        public var json: JSONValue { ["field": .string(path), "message": .string(message)] }
    }

    /// All the issues with `value`; empty when it matches.
    public static func issues(in value: JSONValue, against schema: JSONValue) -> [Issue] {
        var issues: [Issue] = []
        check(value, schema, path: "", into: &issues)
        return issues
    }

    /// Throws one `ConnectorError` carrying every issue, with the first as its field.
    public static func validate(
        _ value: JSONValue, against schema: JSONValue, code: ConnectorError.Code = .invalidInput, subject: String = "input"
    ) throws(ConnectorError) {
        let found = issues(in: value, against: schema)
        guard let first = found.first else { return }
        let summary = found.map { "\($0.path.isEmpty ? subject : $0.path): \($0.message)" }.joined(separator: "; ")
        throw ConnectorError(
            code, message: "The \(subject) is not valid: \(summary).", field: first.path.isEmpty ? nil : first.path,
            details: ["fields": .array(found.map(\.json))])
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private static func check(_ value: JSONValue, _ schema: JSONValue, path: String, into issues: inout [Issue]) {
        guard let schema = schema.objectValue else { return }
        if let type = schema["type"], !matches(value, type: type) {
            let expected = type.stringValue ?? (type.arrayValue?.compactMap(\.stringValue).joined(separator: " or ") ?? "?")
            issues.append(Issue(path: path, message: value == .null ? "is required" : "must be of type \(expected), not \(value.typeName)"))
            return
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(where: { equalValues($0, value) }) {
            let listed = options.map { $0.stringValue ?? $0.jsonString() }.joined(separator: ", ")
            issues.append(Issue(path: path, message: "must be one of: \(listed)"))
        }
        if let constant = schema["const"], !equalValues(constant, value) {
            issues.append(Issue(path: path, message: "must be \(constant.jsonString())"))
        }
        checkAlternatives(value, schema, path: path, into: &issues)
        switch value {
        case .string(let string): checkString(string, schema, path: path, into: &issues)
        case .integer, .number: checkNumber(value.doubleValue ?? 0, schema, path: path, into: &issues)
        case .array(let elements): checkArray(elements, schema, path: path, into: &issues)
        case .object(let object): checkObject(object, schema, path: path, into: &issues)
        default: break
        }
    }

    private static func checkAlternatives(_ value: JSONValue, _ schema: JSONObject, path: String, into issues: inout [Issue]) {
        for keyword in ["oneOf", "anyOf"] {
            guard let options = schema[keyword]?.arrayValue else { continue }
            let matching = options.filter { Self.issues(in: value, against: $0).isEmpty }.count
            if matching == 0 || (keyword == "oneOf" && matching > 1) {
                issues.append(Issue(path: path, message: "does not match any allowed form"))
            }
        }
    }

    private static func checkString(_ string: String, _ schema: JSONObject, path: String, into issues: inout [Issue]) {
        // Characters are counted only as far as a bound needs: a file's base64 of many megabytes is not walked.
        if let minimum = schema["minLength"]?.integerValue, string.prefix(Int(minimum)).count < minimum {
            issues.append(Issue(path: path, message: minimum == 1 ? "must not be empty" : "must be at least \(minimum) characters"))
        }
        if let maximum = schema["maxLength"]?.integerValue, string.utf8.count > maximum, string.prefix(Int(maximum) + 1).count > maximum {
            issues.append(Issue(path: path, message: "must be at most \(maximum) characters"))
        }
        if let pattern = schema["pattern"]?.stringValue, string.range(of: pattern, options: .regularExpression) == nil {
            issues.append(Issue(path: path, message: schema["patternDescription"]?.stringValue ?? "must match \(pattern)"))
        }
        switch schema["format"]?.stringValue {
        case "uri":
            if !isAbsoluteURL(string) { issues.append(Issue(path: path, message: "must be an absolute http or https URL")) }
        case "date-time":
            if ISO8601.date(from: string) == nil { issues.append(Issue(path: path, message: "must be an ISO 8601 date-time")) }
        default: break
        }
    }

    private static func checkNumber(_ number: Double, _ schema: JSONObject, path: String, into issues: inout [Issue]) {
        if let minimum = schema["minimum"]?.doubleValue, number < minimum {
            issues.append(Issue(path: path, message: "must be at least \(schema["minimum"]!.jsonString())"))
        }
        if let maximum = schema["maximum"]?.doubleValue, number > maximum {
            issues.append(Issue(path: path, message: "must be at most \(schema["maximum"]!.jsonString())"))
        }
    }

    private static func checkArray(_ elements: [JSONValue], _ schema: JSONObject, path: String, into issues: inout [Issue]) {
        if let minimum = schema["minItems"]?.integerValue, elements.count < minimum {
            issues.append(Issue(path: path, message: "must have at least \(minimum) items"))
        }
        if let maximum = schema["maxItems"]?.integerValue, elements.count > maximum {
            issues.append(Issue(path: path, message: "must have at most \(maximum) items"))
        }
        if let items = schema["items"] {
            for (index, element) in elements.enumerated() { check(element, items, path: "\(path)[\(index)]", into: &issues) }
        }
    }

    private static func checkObject(_ object: JSONObject, _ schema: JSONObject, path: String, into issues: inout [Issue]) {
        let properties = schema["properties"]?.objectValue ?? [:]
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil || object[name] == .null {
            issues.append(Issue(path: join(path, name), message: "is required"))
        }
        for (key, member) in object {
            if let propertySchema = properties[key] {
                if member == .null && !(propertySchema["type"].map { matches(.null, type: $0) } ?? true) { continue }
                check(member, propertySchema, path: join(path, key), into: &issues)
            } else {
                switch schema["additionalProperties"] {
                case .bool(false)?: issues.append(Issue(path: join(path, key), message: "is not a known field"))
                case .object(let additional)?: check(member, .object(additional), path: join(path, key), into: &issues)
                default: break
                }
            }
        }
    }

    private static func matches(_ value: JSONValue, type: JSONValue) -> Bool {
        if let types = type.arrayValue { return types.contains { matches(value, type: $0) } }
        switch (type.stringValue, value) {
        case ("integer", .integer): return true
        case ("integer", .number(let number)): return number.rounded() == number
        case ("number", .integer), ("number", .number): return true
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null): return true
        default: return false
        }
    }

    private static func equalValues(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = lhs.doubleValue, let right = rhs.doubleValue { return left == right }
        return lhs == rhs
    }

    private static func isAbsoluteURL(_ string: String) -> Bool {
        let lowered = string.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return false }
        let rest = lowered.drop(while: { $0 != "/" }).dropFirst(2)
        return !rest.isEmpty && !rest.hasPrefix("/") && !string.contains(where: { $0 == " " || $0 == "\n" })
    }
}
