import Foundation

/// The last messages one MCP session sent, for clients that reconnect with `Last-Event-ID`.
///
/// Bounded: it keeps the newest `capacity` events and forgets older ones, so a session that answers thousands of
/// calls holds a constant amount. A client that reconnects after more than `capacity` newer events of the session
/// gets what is still held; older events are gone.
///
/// Event ids read `STREAM-COUNTER`: the number of the SSE stream the event belongs to (0 is the GET stream, each
/// POST request gets the next number) and a counter over the whole session, so an id names its stream even after
/// its event is forgotten.
struct MCPReplayBuffer {
    /// One sent message and where it went.
    struct Event {
        var stream: Int
        var counter: Int
        var message: Data

        var id: String { MCPReplayBuffer.eventID(stream: stream, counter: counter) }
    }

    /// The most events kept per session.
    static let defaultCapacity = 100

    let capacity: Int
    private var events: [Event] = []
    /// Index of the oldest event once `events` is full (a ring, so forgetting costs nothing).
    private var oldest = 0
    private var counter = 0

    init(capacity: Int = Self.defaultCapacity) {
        self.capacity = max(1, capacity)
        events.reserveCapacity(self.capacity)
    }

    /// How many events are held.
    var count: Int { events.count }

    /// A fresh id on `stream` for an event that carries no message (the priming event of a stream).
    mutating func nextID(stream: Int) -> String {
        counter += 1
        return Self.eventID(stream: stream, counter: counter)
    }

    /// Keeps `message` as sent on `stream`, forgetting the oldest event when full; returns its event id.
    mutating func append(_ message: Data, stream: Int) -> String {
        counter += 1
        let event = Event(stream: stream, counter: counter, message: message)
        if events.count < capacity {
            events.append(event)
        } else {
            events[oldest] = event
            oldest = (oldest + 1) % capacity
        }
        return event.id
    }

    /// The held events of the stream `lastEventID` names that came after it, oldest first; nil when the id is
    /// not one this buffer could have given.
    func events(after lastEventID: String) -> (stream: Int, events: [Event])? {
        guard let last = Self.parse(lastEventID), last.counter <= counter else { return nil }
        let ordered = events[oldest...] + events[..<oldest]
        return (last.stream, ordered.filter { $0.stream == last.stream && $0.counter > last.counter })
    }

    /// Forgets every event (the session ended).
    mutating func removeAll() {
        events.removeAll()
        oldest = 0
    }

    static func eventID(stream: Int, counter: Int) -> String { "\(stream)-\(counter)" }

    /// The stream and counter of an event id, if it has the `STREAM-COUNTER` shape.
    static func parse(_ eventID: String) -> (stream: Int, counter: Int)? {
        let parts = eventID.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let stream = Int(parts[0]), let counter = Int(parts[1]), stream >= 0, counter >= 0 else { return nil }
        return (stream, counter)
    }
}
