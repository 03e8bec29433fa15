import PlugboardCore

/// Splits a newline-delimited JSON body (`application/x-ndjson`, Ollama's streams) into values as its bytes arrive,
/// in parts of any size. Blank lines are skipped; a line that is not JSON, or longer than `maximumLineBytes`, fails.
public struct NDJSONLineReader: Sendable {
    /// The most bytes one line may take.
    public let maximumLineBytes: Int
    private var line: [UInt8] = []

    /// A reader that refuses lines longer than `maximumLineBytes`.
    public init(maximumLineBytes: Int) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// Consumes `bytes` and returns the values of the lines they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(ConnectorError) -> [JSONValue] {
        var values: [JSONValue] = []
        for byte in bytes {
            guard byte != 0x0A else {
                if let value = try endLine() { values.append(value) }
                continue
            }
            line.append(byte)
            guard line.count <= maximumLineBytes else {
                throw ConnectorError(.payloadTooLarge, message: "A line of the streamed answer is longer than \(maximumLineBytes) bytes.")
            }
        }
        return values
    }

    /// The value of a last line the stream did not end with a newline; nil when there is none.
    public mutating func finishLine() throws(ConnectorError) -> JSONValue? {
        try endLine()
    }

    private mutating func endLine() throws(ConnectorError) -> JSONValue? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.last == 0x0D { line.removeLast() }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        do {
            return try JSONParser.parse(line)
        } catch {
            throw ConnectorError(.upstreamError, message: "A line of the streamed answer is not JSON.")
        }
    }
}
