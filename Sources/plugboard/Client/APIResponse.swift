import PlugboardCore

/// A successful answer from the API: its status and body, parsed once.
struct APIResponse: Sendable {
    var status: Int
    /// The body exactly as the server sent it, for `--json`.
    var body: [UInt8]
    /// The body parsed as JSON; `null` for an empty body.
    var json: JSONValue

    /// The `items` of a list response.
    var items: [JSONValue] { json["items"]?.arrayValue ?? [] }

    /// The body as text, for printing under `--json`.
    var text: String { String(decoding: body, as: UTF8.self) }
}
