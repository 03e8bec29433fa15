import ArgumentParser
import PlugboardCore

/// `--field key=value` and `--field-stdin key`, shared by `credentials create` and `update`.
struct CredentialFieldOptions: ParsableArguments {
    @Option(
        name: .customLong("field"),
        help: ArgumentHelp("A field as key=value; value @path reads a file, @@ escapes a literal @. Repeatable.", valueName: "key=value"))
    var fields: [Assignment] = []

    @Option(
        name: .customLong("field-stdin"),
        help: ArgumentHelp("Read this field's value from standard input (one line each when repeated).", valueName: "key"))
    var stdinFields: [String] = []

    var isEmpty: Bool { fields.isEmpty && stdinFields.isEmpty }

    func validate() throws {
        var seen = Set<String>()
        for key in fields.map(\.key) + stdinFields {
            guard !key.isEmpty else { throw ValidationError("A field name cannot be empty.") }
            guard seen.insert(key).inserted else { throw ValidationError("The field '\(key)' is given more than once.") }
        }
    }

    /// The fields as strings, files and standard input read.
    func values() throws(CommandFailure) -> [(String, String)] {
        var values: [(String, String)] = []
        for field in fields { values.append((field.key, try field.resolvedValue())) }
        let fromStandardInput = try LocalInput.standardInputValues(for: stdinFields)
        for key in stdinFields { values.append((key, fromStandardInput[key] ?? "")) }
        return values
    }

    /// The values of the fields that are secret for `kind`; every field counts when the kind is not known here.
    static func secrets(in values: [(String, String)], kind: String?) -> [String] {
        let known = kind.flatMap(CredentialKind.init(named:))
        return values.filter { known?.isSecret($0.0) ?? true }.map(\.1)
    }
}
