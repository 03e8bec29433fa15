import PlugboardCore
import Synchronization

/// The writes the server answered with a 2xx before it was killed: what must survive the restart.
final class AcknowledgedWrites: Sendable {
    /// A credential the server confirmed, with the secret it holds.
    struct Credential: Sendable {
        var id: String
        var name: String
        var token: String
    }

    /// A connector the server confirmed, with what it was created with.
    struct Connector: Sendable {
        var id: String
        var name: String
        var description: String
        var options: JSONObject
        var credential: Credential
    }

    private struct State {
        var credentials: [Credential] = []
        var connectors: [Connector] = []
        var attempts = 0
        var failures = 0
        var cutInFlight = 0
        var rejections: [String] = []
        var serverKilled = false
    }

    private let state = Mutex(State())

    /// Marks the moment just before the server is killed: failures from then on are expected.
    func serverWasKilled() { state.withLock { $0.serverKilled = true } }
    var isServerKilled: Bool { state.withLock { $0.serverKilled } }

    func attempted() { state.withLock { $0.attempts += 1 } }
    /// A write failed; `sentBeforeKill` says it was sent before the kill, so the kill cut it short.
    func failed(sentBeforeKill: Bool) {
        state.withLock {
            $0.failures += 1
            if sentBeforeKill { $0.cutInFlight += 1 }
        }
    }
    /// A 4xx or 5xx answer before the kill: never expected.
    func rejected(_ answer: String) {
        state.withLock { if !$0.serverKilled { $0.rejections.append(answer) } }
    }
    func add(_ credential: Credential) { state.withLock { $0.credentials.append(credential) } }
    func add(_ connector: Connector) { state.withLock { $0.connectors.append(connector) } }

    var credentials: [Credential] { state.withLock { $0.credentials } }
    var connectors: [Connector] { state.withLock { $0.connectors } }
    var attempts: Int { state.withLock { $0.attempts } }
    var failures: Int { state.withLock { $0.failures } }
    var cutInFlight: Int { state.withLock { $0.cutInFlight } }
    var rejections: [String] { state.withLock { $0.rejections } }
}
