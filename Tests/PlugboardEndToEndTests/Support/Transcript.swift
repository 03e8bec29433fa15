import Synchronization

/// Everything the test saw come out of Plugboard: CLI stdout and stderr, API response bodies.
///
/// The secret-hygiene checks search all of it.
final class Transcript: Sendable {
    /// One recorded output: where it came from and its text.
    struct Entry: Sendable {
        var source: String
        var text: String
    }

    private let entries = Mutex<[Entry]>([])

    func record(_ source: String, _ text: String) {
        guard !text.isEmpty else { return }
        entries.withLock { $0.append(Entry(source: source, text: text)) }
    }

    var all: [Entry] { entries.withLock { $0 } }

    /// The entries that contain `needle`.
    func entries(containing needle: String) -> [Entry] {
        all.filter { $0.text.contains(needle) }
    }
}
