import PlugboardCore

/// A workflow step's input template: JSON whose strings may hold `{{ path }}` references.
///
/// - `{{ input.order.id }}` reads the run's input: the trigger's event, or the input the run was started with.
/// - `{{ steps.fetch.output.body.items }}` reads an earlier step's output, and `{{ item }}` the current `forEach`
///   element. Paths are `JSONPath`s: keys between dots, `[n]` for elements.
/// - A string that is exactly one `{{ … }}` becomes the value it names, with its JSON type. Anywhere else the value is
///   written into the text: a string as it is, anything else as JSON.
///
/// A template is parsed once, when its workflow is saved, so a malformed one is refused then. A path that names nothing
/// when the step runs is an `invalid_input` error naming the step, the path, and how far the path got.
public struct WorkflowTemplate: Sendable {
    /// The names a path may start with.
    public static let roots: Set<String> = ["input", "steps", "item"]

    private indirect enum Node: Sendable {
        case literal(JSONValue)
        case reference(JSONPath)
        case text([Piece])
        case array([Node])
        case object([(String, Node)])
    }

    private enum Piece: Sendable {
        case text(String)
        case reference(JSONPath)
    }

    private let root: Node
    /// Every path the template reads, in order, so saving a workflow can check that a step reads only earlier ones.
    public let references: [JSONPath]

    /// Parses `template`; `field` names it in errors (`steps[1].input`).
    public init(_ template: JSONValue, field: String) throws(ConnectorError) {
        var references: [JSONPath] = []
        root = try Self.parse(template, field: field, into: &references)
        self.references = references
    }

    /// The step's input: the template with every reference replaced from `scope`, an object with `input`, `steps`
    /// (each step's `{"output": …}` by name) and, inside a `forEach`, `item`.
    public func render(in scope: JSONValue, step: String) throws(ConnectorError) -> JSONValue {
        try Self.render(root, in: scope, step: step)
    }

    /// Whether an `if` template's value lets its step run: everything but `false`, `null`, `0` and `""`, as in
    /// JavaScript, which n8n's and Windmill's users write conditions in.
    public static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .integer(let number): return number != 0
        case .number(let number): return number != 0 && !number.isNaN
        case .string(let text): return !text.isEmpty
        case .array, .object: return true
        }
    }

    // MARK: Parsing

    private static func parse(_ value: JSONValue, field: String, into references: inout [JSONPath]) throws(ConnectorError) -> Node {
        switch value {
        case .string(let text):
            let pieces = try pieces(of: text, field: field)
            for case .reference(let path) in pieces { references.append(path) }
            switch pieces.first {
            case nil: return .literal(value)
            case .text? where pieces.count == 1: return .literal(value)
            case .reference(let path)? where pieces.count == 1: return .reference(path)
            default: return .text(pieces)
            }
        case .array(let elements):
            var nodes: [Node] = []
            for (index, element) in elements.enumerated() {
                nodes.append(try parse(element, field: "\(field)[\(index)]", into: &references))
            }
            return .array(nodes)
        case .object(let object):
            var members: [(String, Node)] = []
            for (key, member) in object {
                members.append((key, try parse(member, field: "\(field).\(key)", into: &references)))
            }
            return .object(members)
        default:
            return .literal(value)
        }
    }

    /// The text and references of one string, in order.
    private static func pieces(of text: String, field: String) throws(ConnectorError) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw ConnectorError.invalidInput(
                    "A '{{' in the template has no closing '}}'.", field: field,
                    details: ["template": .string(text)])
            }
            let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            pieces.append(.reference(try path(expression, in: text, field: field)))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }

    private static func path(_ expression: String, in text: String, field: String) throws(ConnectorError) -> JSONPath {
        let roots = Self.roots.sorted().joined(separator: ", ")
        guard !expression.isEmpty else {
            throw ConnectorError.invalidInput("A '{{ }}' in the template is empty; write a path such as {{ input.id }}.", field: field)
        }
        let path = try JSONPath(expression, field: field)
        guard case .key(let first)? = path.steps.first, Self.roots.contains(first) else {
            throw ConnectorError.invalidInput(
                "The template path '\(expression)' must start with one of \(roots), as in {{ input.id }} or {{ steps.NAME.output }}.",
                field: field)
        }
        return path
    }

    // MARK: Rendering

    private static func render(_ node: Node, in scope: JSONValue, step: String) throws(ConnectorError) -> JSONValue {
        switch node {
        case .literal(let value):
            return value
        case .reference(let path):
            return try resolve(path, in: scope, step: step)
        case .text(let pieces):
            var text = ""
            for piece in pieces {
                switch piece {
                case .text(let literal): text += literal
                case .reference(let path):
                    let value = try resolve(path, in: scope, step: step)
                    text += value.stringValue ?? value.jsonString()
                }
            }
            return .string(text)
        case .array(let nodes):
            var elements: [JSONValue] = []
            for node in nodes { elements.append(try render(node, in: scope, step: step)) }
            return .array(elements)
        case .object(let members):
            var object = JSONObject()
            for (key, node) in members { object[key] = try render(node, in: scope, step: step) }
            return .object(object)
        }
    }

    /// The value at `path`, or an error saying how far the path got.
    private static func resolve(_ path: JSONPath, in scope: JSONValue, step: String) throws(ConnectorError) -> JSONValue {
        if let value = path.value(in: scope) { return value }
        let reached = (0...path.steps.count).last { path.prefix($0).value(in: scope) != nil } ?? 0
        let found = path.prefix(reached).description
        let reach = found.isEmpty ? "no part of it" : "\(found) but not the rest"
        throw ConnectorError(
            .invalidInput, message: "Step '\(step)': {{ \(path.description) }} names nothing; the run has \(reach).",
            cause: "The path reads a key or an element that the run's input or an earlier step's output does not have.",
            fix: "Check the path against the run's input and the outputs of the earlier steps (GET the run to see them).",
            field: "steps.\(step).input", details: ["path": .string(path.description), "found": .string(found)])
    }
}
