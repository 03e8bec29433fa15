import PlugboardCore

/// One `kafka` connector's session: the cluster's metadata and a connection per broker, shared by concurrent calls.
public struct KafkaSession: ConnectorSession {
    public let configuration: KafkaConfiguration
    let cluster: KafkaCluster

    static func open(_ configuration: KafkaConfiguration, context: SessionContext) async throws -> KafkaSession {
        let cluster = KafkaCluster(
            bootstrap: try configuration.endpoints(), clientID: configuration.clientID,
            connectTimeout: min(configuration.connectTimeout, max(context.remaining, .milliseconds(100))), tls: configuration.tlsOptions,
            sasl: try configuration.login(context.credential), network: context.network)
        do {
            // A session starts with the cluster's brokers known, so a wrong address fails here, not in a call.
            try await cluster.refresh([])
        } catch {
            await cluster.close()
            throw error
        }
        return KafkaSession(configuration: configuration, cluster: cluster)
    }

    public func close() async {
        await cluster.close()
    }
}
