import PlugboardCore

/// Turns a streamed body's parts, of any size, into the values they complete.
public protocol StreamedBodyReader: Sendable {
    associatedtype Value: Sendable
    /// The values `part` completes, in order.
    mutating func read(_ part: [UInt8]) throws -> [Value]
    /// The values left when the body ends (a last line without its newline).
    mutating func finish() throws -> [Value]
    /// `value` with the call's secrets masked, before it leaves.
    func redacted(_ value: Value, by redactor: CallRedactor) -> Value
}

/// A streamed body read as values, one at a time as the bytes arrive, each through the call's redactor.
public struct StreamedValues<Reader: StreamedBodyReader>: AsyncSequence, Sendable {
    public typealias Element = Reader.Value
    let body: AsyncThrowingStream<[UInt8], any Error>
    let reader: Reader
    let redactor: CallRedactor

    public func makeAsyncIterator() -> Iterator {
        Iterator(parts: body.makeAsyncIterator(), reader: reader, redactor: redactor)
    }

    /// Pulls body parts only when the values already read are used up.
    public struct Iterator: AsyncIteratorProtocol {
        var parts: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
        var reader: Reader
        let redactor: CallRedactor
        var ready: [Reader.Value] = []
        var ended = false

        public mutating func next() async throws -> Reader.Value? {
            while ready.isEmpty {
                guard !ended else { return nil }
                if let part = try await parts.next() {
                    ready = try reader.read(part)
                } else {
                    ended = true
                    ready = try reader.finish()
                }
            }
            return reader.redacted(ready.removeFirst(), by: redactor)
        }
    }
}

extension ServerSentEventParser: StreamedBodyReader {
    /// The events `part` completes; an event past the limit is `payload_too_large`.
    public mutating func read(_ part: [UInt8]) throws -> [ServerSentEvent] {
        do {
            return try feed(part)
        } catch {
            throw ConnectorError(.payloadTooLarge, message: "An event of the stream is larger than \(maximumEventBytes) bytes.")
        }
    }

    /// An unfinished event at the end of the body is dropped, as the event-stream rules say.
    public mutating func finish() throws -> [ServerSentEvent] { [] }

    /// The event with its data redacted.
    public func redacted(_ event: ServerSentEvent, by redactor: CallRedactor) -> ServerSentEvent {
        var event = event
        event.data = redactor.redact(event.data)
        return event
    }
}

extension NDJSONLineReader: StreamedBodyReader {
    /// The values of the lines `part` completes.
    public mutating func read(_ part: [UInt8]) throws -> [JSONValue] {
        try feed(part)
    }

    /// The value of a last line without its newline.
    public mutating func finish() throws -> [JSONValue] {
        try finishLine().map { [$0] } ?? []
    }

    /// The value with secrets masked at any depth.
    public func redacted(_ value: JSONValue, by redactor: CallRedactor) -> JSONValue {
        redactor.redact(value)
    }
}
