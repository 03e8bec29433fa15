import ArgumentParser
import PlugboardCore

/// `--option key=value` and `--options JSON|@file`, shared by `connectors create` and `update`.
struct ConnectorOptionsInput: ParsableArguments {
    @Option(
        name: .customLong("option"),
        help: ArgumentHelp(
            "A connection field as key=value, typed by the type's schema; obj.key=value sets one member; "
                + "value @path reads a file. Repeatable.",
            valueName: "key=value"))
    var assignments: [Assignment] = []

    @Option(
        name: .customLong("options"),
        help: ArgumentHelp("All connection fields as a JSON object, or @file; --option values apply on top.", valueName: "json"))
    var document: String?

    var isEmpty: Bool { assignments.isEmpty && document == nil }

    func validate() throws {
        if let document, !JSONArgument(source: document, purpose: "--options").isReadableNow {
            throw ValidationError("--options is not valid JSON; pass a JSON object or @file.")
        }
        if document == "-" { throw ValidationError("--options reads a JSON object or @file, not standard input.") }
    }

    /// The options object: the document (or `base`) with the assignments applied, typed by `schema`.
    func build(base: JSONObject = [:], schema: JSONValue?) throws(CommandFailure) -> JSONObject {
        var options = base
        if let document {
            guard let object = try JSONArgument(source: document, purpose: "--options").load().objectValue else {
                throw .usage("--options must be a JSON object.")
            }
            options = object
        }
        return try OptionValues.merge(assignments, into: options, schema: schema)
    }
}
