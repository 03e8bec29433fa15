import PlugboardCore

/// Parameter serialization as OpenAPI's `style` and `explode` describe it.
enum OpenAPIParameterStyle {
    /// A scalar as text: strings as they are, numbers and booleans as JSON writes them, anything else as JSON.
    static func text(_ value: JSONValue) -> String {
        value.stringValue ?? value.jsonString()
    }

    /// A path value, percent-encoded, in `simple`, `label` or `matrix` style.
    static func pathValue(_ value: JSONValue, _ parameter: OpenAPIParameter) throws(ConnectorError) -> String {
        let joined = try simple(value, parameter, encode: true)
        switch parameter.style {
        case "label": return "." + joined
        case "matrix": return ";\(PercentEncoding.queryComponent(parameter.name))=" + joined
        default: return joined
        }
    }

    /// `simple` style: arrays and objects joined with commas (`k=v` pairs when exploded); each piece encoded if asked.
    static func simple(_ value: JSONValue, _ parameter: OpenAPIParameter, encode: Bool) throws(ConnectorError) -> String {
        let piece: (String) -> String = { encode ? PercentEncoding.queryComponent($0) : $0 }
        switch value {
        case .array(let items):
            return items.map { piece(text($0)) }.joined(separator: ",")
        case .object(let members):
            return members.map { name, member in
                parameter.explode ? "\(piece(name))=\(piece(text(member)))" : "\(piece(name)),\(piece(text(member)))"
            }.joined(separator: ",")
        default:
            return piece(text(value))
        }
    }

    /// Query pairs (not yet encoded): `form` repeats exploded arrays and spreads exploded objects; `spaceDelimited`
    /// and `pipeDelimited` join arrays; `deepObject` writes `name[key]=value`.
    static func queryPairs(_ value: JSONValue, _ parameter: OpenAPIParameter) throws(ConnectorError) -> [(String, String)] {
        let name = parameter.name
        switch value {
        case .array(let items):
            switch parameter.style {
            case "spaceDelimited": return [(name, items.map(text).joined(separator: " "))]
            case "pipeDelimited": return [(name, items.map(text).joined(separator: "|"))]
            default: return parameter.explode ? items.map { (name, text($0)) } : [(name, items.map(text).joined(separator: ","))]
            }
        case .object(let members):
            if parameter.style == "deepObject" { return members.map { ("\(name)[\($0.key)]", text($0.value)) } }
            if parameter.explode { return members.map { ($0.key, text($0.value)) } }
            return [(name, members.flatMap { [$0.key, text($0.value)] }.joined(separator: ","))]
        default:
            return [(name, text(value))]
        }
    }
}
