import Benchmark
import PlugboardCore
import PlugboardStore

/// What every execution spends outside the network: reading the upstream's JSON, checking input against the
/// action's schema, masking secrets in the output, writing the answer, and checking the caller's token.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], maxDuration: .seconds(2))

    let document = Sample.document(records: 40)
    let bytes = document.jsonBytes()
    let redactor = Redactor(secrets: ["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "hunter2-but-longer"])

    Benchmark("JSON parse, \(bytes.count / 1024) KiB upstream response") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try JSONParser.parse(bytes)) }
    }
    Benchmark("JSON write, \(bytes.count / 1024) KiB action output") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(document.jsonBytes()) }
    }
    Benchmark("Redact an action output with 2 secrets") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(redactor.redact(document)) }
    }
    Benchmark("Validate a request input against its schema") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SchemaValidator.issues(in: Sample.requestInput, against: Sample.requestSchema))
        }
    }
    Benchmark("Hash an API token for lookup") { benchmark in
        let token = APIToken.generate()
        for _ in benchmark.scaledIterations { blackHole(APIToken.hash(token)) }
    }
}

/// Inputs shaped like the `rest` action's traffic.
enum Sample {
    /// A list response: `records` objects with strings, numbers, a nested object and an array each.
    static func document(records: Int) -> JSONValue {
        let items: [JSONValue] = (0..<records).map { index in
            [
                "id": .integer(Int64(index)), "name": .string("Customer \(index)"),
                "email": .string("customer\(index)@example.com"), "balance": .number(Double(index) * 12.5),
                "active": .bool(index % 3 != 0), "tags": ["gold", "emea", .string("cohort-\(index % 7)")],
                "address": ["street": "1 Market Street", "city": "Almaty", "postcode": .string("0500\(index % 10)")],
            ]
        }
        return ["data": .array(items), "page": ["next": "https://api.example.com/customers?cursor=abc", "size": 40]]
    }

    /// The input of a `rest` `request`.
    static let requestInput: JSONValue = [
        "method": "POST", "path": "/customers/42/notes",
        "query": ["expand": "owner", "limit": "20"],
        "headers": ["Accept": "application/json", "X-Request-Id": "3f1c9a"],
        "body": ["text": "Called about the renewal", "pinned": true],
    ]

    /// A schema of the shape the `rest` `request` action publishes for its input.
    static let requestSchema: JSONValue = [
        "type": "object",
        "properties": [
            "method": ["type": "string", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]],
            "path": ["type": "string", "minLength": 1],
            "query": ["type": "object", "additionalProperties": ["type": ["string", "number", "boolean"]]],
            "headers": ["type": "object", "additionalProperties": ["type": "string"]],
            "body": [:],
            "timeoutMs": ["type": "integer", "minimum": 1, "maximum": 600_000],
        ],
        "required": ["path"],
        "additionalProperties": false,
    ]
}
