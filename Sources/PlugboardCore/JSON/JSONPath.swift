import Foundation

/// A path into a JSON document as users write it for paging, extraction and workflow templates: `data.items`,
/// `$.meta.next`, `results[0].id`. Keys are separated by dots, array elements picked by `[index]`; an empty path is
/// the document.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of the path.
    public enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The steps in order.
    public let steps: [Step]
    /// The path as written.
    public let description: String

    /// A path of these steps, written as a user would write it (`data.items[0]`).
    public init(steps: [Step]) {
        self.steps = steps
        var text = ""
        for step in steps {
            switch step {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        self.description = text
    }

    /// The first `count` steps of this path.
    public func prefix(_ count: Int) -> JSONPath {
        JSONPath(steps: Array(steps.prefix(count)))
    }

    /// Parses `text`; `field` names the input in errors.
    public init(_ text: String, field: String) throws(ConnectorError) {
        description = text
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest == "$" { rest = "" } else if rest.hasPrefix("$.") || rest.hasPrefix("$[") { rest = rest.dropFirst() }
        if rest.hasPrefix(".") { rest = rest.dropFirst() }
        var steps: [Step] = []
        for segment in rest.split(separator: ".", omittingEmptySubsequences: false) where !(rest.isEmpty) {
            var segment = segment
            let key = segment.prefix { $0 != "[" }
            if !key.isEmpty { steps.append(.key(String(key))) }
            segment = segment.dropFirst(key.count)
            while segment.hasPrefix("[") {
                guard let close = segment.firstIndex(of: "]"), let index = Int(segment[segment.index(after: segment.startIndex)..<close]), index >= 0
                else { throw Self.malformed(text, field: field) }
                steps.append(.index(index))
                segment = segment[segment.index(after: close)...]
            }
            guard segment.isEmpty, !key.isEmpty || steps.last.map({ if case .index = $0 { true } else { false } }) == true else {
                throw Self.malformed(text, field: field)
            }
        }
        self.steps = steps
    }

    /// The value at this path in `document`, nil when a step is missing.
    public func value(in document: JSONValue) -> JSONValue? {
        var current = document
        for step in steps {
            switch step {
            case .key(let key):
                guard let next = current.objectValue?[key] else { return nil }
                current = next
            case .index(let index):
                guard let elements = current.arrayValue, index < elements.count else { return nil }
                current = elements[index]
            }
        }
        return current
    }

    private static func malformed(_ text: String, field: String) -> ConnectorError {
        .invalidInput("'\(text)' is not a path such as data.items or results[0].next; use dots between keys and [n] for elements.", field: field)
    }
}
