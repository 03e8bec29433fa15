import Foundation
import PlugboardCore

/// Follows local `$ref`s (`#/components/...`) inside one loaded document.
///
/// External references (another file or URL) are not fetched; they resolve to nil.
struct OpenAPIReferenceResolver: Sendable {
    /// The whole document as JSON.
    let root: JSONValue
    /// Reference chains longer than this are treated as broken.
    static let maximumHops = 16

    /// The value a JSON pointer reference such as `#/components/schemas/Pet` points at, or nil.
    func target(of reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var value = root
        for token in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let decoded = (String(token).removingPercentEncoding ?? String(token))
                .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = value.objectValue, let member = object[decoded] {
                value = member
            } else if let array = value.arrayValue, let index = Int(decoded), array.indices.contains(index) {
                value = array[index]
            } else {
                return nil
            }
        }
        return value
    }

    /// `value` itself, or what its `$ref` chain ends at; nil for a broken or external reference.
    func resolve(_ value: JSONValue) -> JSONValue? {
        var current = value
        for _ in 0..<Self.maximumHops {
            guard let reference = current["$ref"]?.stringValue else { return current }
            guard let next = target(of: reference) else { return nil }
            current = next
        }
        return nil
    }

    /// The last path component of a reference, for messages (`Pet` for `#/components/schemas/Pet`).
    static func name(of reference: String) -> String {
        String(reference.split(separator: "/").last ?? Substring(reference))
    }
}
