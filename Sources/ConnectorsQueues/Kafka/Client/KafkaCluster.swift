import PlugboardCore

/// A Kafka cluster as one session sees it: the bootstrap servers, the brokers and topic partitions the latest
/// Metadata named, and one connection per broker, each dialled through the egress guard when first needed.
/// Requests that a partition's leader must answer go to that leader; a leader that moved or a topic the metadata
/// did not know yet refreshes the metadata and tries again, with back-off.
public actor KafkaCluster {
    public struct Endpoint: Sendable, Hashable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    let bootstrap: [Endpoint]
    let clientID: String
    let connectTimeout: Duration
    let network: any NetworkAccess
    /// TLS for every broker connection, nil for plain TCP.
    let tls: TLSOptions?
    /// How every connection logs in; nil for none.
    let sasl: KafkaSASL?
    private var brokers: [Int32: Endpoint] = [:]
    private var controllerID: Int32?
    private var topics: [String: MetadataRequest.Topic] = [:]
    private var connections: [Endpoint: KafkaConnection] = [:]

    public init(
        bootstrap: [Endpoint], clientID: String, connectTimeout: Duration, tls: TLSOptions? = nil, sasl: KafkaSASL? = nil, network: any NetworkAccess
    ) {
        self.bootstrap = bootstrap
        self.clientID = clientID
        self.connectTimeout = connectTimeout
        self.tls = tls
        self.sasl = sasl
        self.network = network
    }

    // MARK: Connections

    /// The open connection to `endpoint`, dialled (and its API versions checked) when there is none.
    func connection(to endpoint: Endpoint) async throws -> KafkaConnection {
        if let open = connections[endpoint], open.isActive { return open }
        let connection = try await KafkaConnection.connect(
            host: endpoint.host, port: endpoint.port, clientID: clientID, timeout: connectTimeout, tls: tls, network: network)
        do {
            try Self.checkVersions(try await connection.send(ApiVersionsRequest()), endpoint: endpoint)
            try await sasl?.authenticate(on: connection)
        } catch {
            await connection.close()
            throw error
        }
        // Another call may have dialled the same broker meanwhile: keep the one already in use.
        if let existing = connections[endpoint], existing.isActive {
            await connection.close()
            return existing
        }
        connections[endpoint] = connection
        return connection
    }

    /// The versions Plugboard writes must be ones the broker reads.
    static func checkVersions(_ response: ApiVersionsRequest.Response, endpoint: Endpoint) throws {
        let needed: [(KafkaAPIKey, Int16)] = [
            (.produce, ProduceRequest.version), (.metadata, MetadataRequest.version), (.fetch, FetchRequest.version),
            (.listOffsets, ListOffsetsRequest.version), (.createTopics, CreateTopicsRequest.version),
            (.findCoordinator, FindCoordinatorRequest.version), (.joinGroup, JoinGroupRequest.version), (.syncGroup, SyncGroupRequest.version),
            (.heartbeat, HeartbeatRequest.version), (.leaveGroup, LeaveGroupRequest.version), (.offsetCommit, OffsetCommitRequest.version),
            (.offsetFetch, OffsetFetchRequest.version),
        ]
        let missing = needed.filter { response.versions[$0.0.rawValue]?.contains($0.1) != true }
        guard missing.isEmpty else {
            throw ConnectorError(
                .upstreamError, message: "The Kafka broker at \(endpoint.description) does not speak \(missing.map { "\($0.0) v\($0.1)" }.joined(separator: ", ")).",
                fix: "Plugboard needs Kafka 1.0 or later (or a broker compatible with it).")
        }
    }

    /// A connection to any broker: a known broker first, else the bootstrap servers in turn. A refused login is
    /// not tried elsewhere: every broker would refuse it.
    func anyConnection() async throws -> KafkaConnection {
        var lastError: (any Error)?
        for endpoint in Array(brokers.values) + bootstrap {
            do {
                return try await connection(to: endpoint)
            } catch let error as ConnectorError where error.code == .authenticationFailed {
                throw error
            } catch {
                lastError = error
            }
        }
        throw lastError ?? ConnectorError.invalidConfiguration("No bootstrap server is configured.", field: "bootstrapServers")
    }

    func connection(toNode node: Int32) async throws -> KafkaConnection {
        guard let endpoint = brokers[node] else {
            throw ConnectorError(.upstreamError, message: "The Kafka metadata names broker \(node) without its address.", retryable: true)
        }
        return try await connection(to: endpoint)
    }

    /// The brokers the latest metadata named.
    public var knownBrokers: [Endpoint] { brokers.sorted { $0.key < $1.key }.map(\.value) }

    public func close() async {
        for connection in connections.values { await connection.close() }
        connections = [:]
    }

    // MARK: Metadata

    /// Asks for the metadata of `names` (all topics for nil) and remembers the brokers and topics it names.
    @discardableResult
    func refresh(_ names: [String]?) async throws -> MetadataRequest.Response {
        let response = try await anyConnection().send(MetadataRequest(topics: names))
        brokers = Dictionary(response.brokers.map { ($0.nodeID, Endpoint(host: $0.host, port: Int($0.port))) }, uniquingKeysWith: { first, _ in first })
        controllerID = response.controllerID
        for topic in response.topics { topics[topic.name] = topic }
        return response
    }

    /// The topic's partitions, from the metadata (asked for when unknown or `fresh`).
    func topic(_ name: String, fresh: Bool = false) async throws -> MetadataRequest.Topic {
        if !fresh, let known = topics[name], known.errorCode == .none, !known.partitions.isEmpty { return known }
        try await refresh([name])
        guard let topic = topics[name] else { throw ConnectorError(.notFound, message: "The Kafka topic '\(name)' does not exist.") }
        guard topic.errorCode == .none else { throw KafkaFailure.error(topic.errorCode, doing: "describe the topic '\(name)'") }
        return topic
    }

    /// Every topic's name and partition count; internal topics left out unless asked for.
    public func listTopics(includeInternal: Bool) async throws -> [MetadataRequest.Topic] {
        try await refresh(nil).topics.filter { includeInternal || !$0.isInternal }.sorted { $0.name < $1.name }
    }

    /// Creates a topic through the controller.
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int16, timeout: Duration) async throws {
        try await refresh([])
        let controller: KafkaConnection
        if let controllerID, brokers[controllerID] != nil {
            controller = try await connection(toNode: controllerID)
        } else {
            controller = try await anyConnection()
        }
        let result = try await controller.send(CreateTopicsRequest(
            topics: [.init(name: name, partitions: partitions, replicationFactor: replicationFactor)],
            timeoutMilliseconds: Int32(clamping: Int64(timeout.milliseconds))))
        if let code = result.first?.errorCode, code != .none {
            throw KafkaFailure.error(code, doing: "create the topic '\(name)'")
        }
        topics[name] = nil
    }
}
