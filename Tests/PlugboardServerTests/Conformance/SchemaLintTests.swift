import PlugboardCore
import Testing

/// The conformance suite's schema checks catch each fault they look for.
@Suite struct SchemaLintTests {
    static let broken: [(JSONValue, String)] = [
        (Schema.object(["port": Schema.integer(title: "Port", default: 70_000, maximum: 65_535)]), "the default"),
        (Schema.object(["mode": Schema.string(title: "Mode", default: "fast", enum: ["slow"])]), "the default"),
        (Schema.object(["mode": ["type": "string", "enum": [1]]]), "enum member"),
        (Schema.object(["mode": ["type": "text"]]), "unknown type"),
        (Schema.object([:], required: ["host"]), "requires host"),
        (Schema.object(["size": Schema.integer(title: "Size", minimum: 5, maximum: 1)]), "minimum above maximum"),
        (Schema.object([:], additionalProperties: true), "unknown properties"),
        (Schema.string(), "not an object schema"),
        (Schema.object(["list": Schema.array(["type": "strin"])]), "list[]: unknown type"),
    ]

    @Test(arguments: 0..<broken.count)
    func aBrokenSchemaIsReported(case index: Int) {
        let (schema, expected) = Self.broken[index]
        let problems = SchemaLint.problems(in: schema, isTopLevelObject: true)
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }

    @Test func aSoundSchemaHasNoProblems() {
        let schema = Schema.object(
            ["port": Schema.integer(title: "Port", default: 5432, minimum: 1, maximum: 65_535),
             "mode": Schema.string(title: "Mode", default: "fast", enum: ["fast", "slow"])],
            required: ["port"])
        #expect(SchemaLint.problems(in: schema, isTopLevelObject: true).isEmpty)
    }
}
