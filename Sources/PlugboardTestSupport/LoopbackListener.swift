import NIOCore
import NIOPosix
import Synchronization

/// A NIO TCP listener on 127.0.0.1 with an OS-chosen port that remembers its connections, so closing it
/// closes them too and nothing outlives a test.
final class LoopbackListener: Sendable {
    private let serverChannel: any Channel
    private let connections: ConnectionSet

    /// The accepted connections, closed with the listener.
    final class ConnectionSet: Sendable {
        private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

        func insert(_ channel: any Channel) {
            channels.withLock { $0[ObjectIdentifier(channel)] = channel }
            channel.closeFuture.whenComplete { [weak self] _ in
                self?.channels.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
            }
        }

        func removeAll() -> [any Channel] {
            channels.withLock { channels in
                defer { channels.removeAll() }
                return Array(channels.values)
            }
        }
    }

    private init(serverChannel: any Channel, connections: ConnectionSet) {
        self.serverChannel = serverChannel
        self.connections = connections
    }

    /// Binds a listener whose accepted connections are set up by `initialize`.
    static func bind(initialize: @escaping @Sendable (any Channel) throws -> Void) async throws -> LoopbackListener {
        let connections = ConnectionSet()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.insert(channel)
                do {
                    try initialize(channel)
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return LoopbackListener(serverChannel: channel, connections: connections)
    }

    var port: Int { serverChannel.localAddress?.port ?? 0 }

    /// Stops accepting and closes every open connection.
    func close() async {
        try? await serverChannel.close()
        for channel in connections.removeAll() {
            try? await channel.close()
        }
    }
}
