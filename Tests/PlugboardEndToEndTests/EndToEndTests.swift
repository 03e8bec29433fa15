import Testing

/// Tests that run the real `plugboard` binary: `serve` as a child process, and the CLI against it.
///
/// Serialized: each test starts its own server and some measure behaviour under load (kill -9 mid-write),
/// which is steadier without the others competing for the CPU.
@Suite("End to end", .serialized, .timeLimit(.minutes(10)))
struct EndToEndTests {}
