/// One server-sent event: its type (`message` unless named) and its data lines joined by newlines.
public struct ServerSentEvent: Sendable, Equatable {
    /// The `event:` field, `message` when the event names none.
    public var type: String
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The `id:` field, if any.
    public var id: String?

    public init(type: String, data: String, id: String?) {
        self.type = type
        self.data = data
        self.id = id
    }
}

/// Splits a `text/event-stream` body into events as its bytes arrive, in parts of any size.
///
/// Follows the WHATWG rules: lines end in CRLF, LF or CR; a blank line dispatches the event; lines starting with
/// `:` are comments; an event with no data is dropped. An event growing past `maximumEventBytes` fails, so a
/// server cannot make the session buffer without limit.
public struct ServerSentEventParser: Sendable {
    /// The most bytes one event (its unfinished line included) may take.
    public let maximumEventBytes: Int
    private var line: [UInt8] = []
    private var previousWasCR = false
    private var eventBytes = 0
    private var type = ""
    private var data: [String] = []
    private var hasData = false
    private var id: String?

    /// A parser that refuses events larger than `maximumEventBytes`.
    public init(maximumEventBytes: Int) {
        self.maximumEventBytes = maximumEventBytes
    }

    /// Thrown when one event grows past the limit.
    public struct EventTooLarge: Error {}

    /// Consumes `bytes` and returns the events they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(EventTooLarge) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            switch byte {
            case 0x0A where previousWasCR:
                previousWasCR = false
            case 0x0A, 0x0D:
                previousWasCR = byte == 0x0D
                if let event = endLine() { events.append(event) }
            default:
                previousWasCR = false
                line.append(byte)
                eventBytes += 1
                if eventBytes > maximumEventBytes { throw EventTooLarge() }
            }
        }
        return events
    }

    /// Handles one complete line; returns an event when the line was blank and data was collected.
    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }
        let name: String
        var value: ArraySlice<UInt8> = []
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            name = String(decoding: line[..<colon], as: UTF8.self)
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            name = String(decoding: line, as: UTF8.self)
        }
        let text = String(decoding: value, as: UTF8.self)
        switch name {
        case "event": type = text
        case "data":
            data.append(text)
            hasData = true
        case "id" where !text.contains("\0"): id = text
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            type = ""
            data = []
            hasData = false
            eventBytes = 0
        }
        guard hasData else { return nil }
        return ServerSentEvent(type: type.isEmpty ? "message" : type, data: data.joined(separator: "\n"), id: id)
    }
}
