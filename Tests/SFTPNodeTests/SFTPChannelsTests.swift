import Foundation
import Logging
import PlugboardCore
import PlugboardNetwork
import Testing

@testable import ConnectorsFiles

/// One SSH connection serves several SFTP channels: concurrent calls on a session spread over channels opened as
/// they are needed, up to the connector's limit, and transfers on different channels stay correct.
@Suite struct SFTPChannelsTests {
    @Test func concurrentCallsOpenChannelsUpToTheLimitOnOneConnection() async throws {
        let server = try SFTPServer.fromEnvironment()
        var configuration = SFTPConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = server.port
        configuration.hostKeyFingerprint = server.fingerprint
        configuration.channels = 3
        let context = SessionContext(
            network: GuardedNetwork(policy: EgressPolicy(allowed: EgressPolicy.loopback)), deadline: .now + .seconds(60),
            logger: Logger(label: "test.sftp"),
            credential: Credential(id: "login", kind: .usernamePassword, fields: ["username": server.user, "password": server.password]))
        let session = try await SFTPDriver().openSession(configuration, context: context)
        do {
            #expect(session.channels.count == 1, "one channel until calls overlap")
            // Four calls held inside their channels at once: the first uses the open channel, the next two open one
            // each, and the fourth shares (the limit is three).
            let gate = Gate(parties: 4)
            let used = try await withThrowingTaskGroup(of: ObjectIdentifier.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await session.channels.withChannel { channel in
                            await gate.arrive()
                            return ObjectIdentifier(channel)
                        }
                    }
                }
                return try await group.reduce(into: Set<ObjectIdentifier>()) { $0.insert($1) }
            }
            #expect(used.count == 3 && session.channels.count == 3)

            // Transfers on several channels at once, byte for byte.
            let name = "channels-\(UUID().uuidString.prefix(8).lowercased()).bin"
            let bytes = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
            let path = session.root.path + "/" + name
            try await session.upload(path, bytes: bytes)
            try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<6 { group.addTask { try await session.download(path, limit: 2 << 20) } }
                for try await copy in group { #expect(copy == bytes) }
            }
            #expect(session.channels.count == 3 && session.isUsable)
            try await session.remove(path)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}

/// Lets `parties` tasks through once all of them arrived.
private actor Gate {
    private let parties: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(parties: Int) { self.parties = parties }

    func arrive() async {
        if waiting.count + 1 == parties {
            waiting.forEach { $0.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
