import Foundation
import PlugboardCore

/// `application/x-www-form-urlencoded` bodies with bracketed names, as PHP services post them (Bitrix24's and amoCRM's
/// webhooks): `data[FIELDS][ID]=7&leads[add][0][id]=1` becomes `{"data": {"FIELDS": {"ID": "7"}}, "leads": {"add":
/// {"0": {"id": "1"}}}}`. Values stay text; numbered keys stay object keys, in the order they came.
public enum NestedFormDecoding {
    public static func decode(_ body: [UInt8]) -> JSONObject {
        var root: JSONObject = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { decodeComponent(String($0)) }
            guard let name = parts.first, !name.isEmpty else { continue }
            let path = keys(name)
            root = setting(parts.count > 1 ? .string(parts[1]) : .string(""), at: path[...], in: root)
        }
        return root
    }

    /// `a[b][c]` as `["a", "b", "c"]`.
    static func keys(_ name: String) -> [String] {
        guard let open = name.firstIndex(of: "[") else { return [name] }
        var keys = [String(name[..<open])]
        var rest = name[open...]
        while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            keys.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return keys
    }

    private static func setting(_ value: JSONValue, at path: ArraySlice<String>, in object: JSONObject) -> JSONObject {
        guard let first = path.first else { return object }
        var object = object
        if path.count == 1 {
            object[first] = value
        } else {
            object[first] = .object(setting(value, at: path.dropFirst(), in: object[first]?.objectValue ?? [:]))
        }
        return object
    }

    private static func decodeComponent(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }
}
