import PlugboardCore

/// How a connection logs in: SASL PLAIN (the password sent as it is, for TLS connections) or SCRAM.
public enum KafkaSASL: Sendable {
    case plain(username: String, password: String)
    case scram(SCRAMClient.Algorithm, username: String, password: String)

    var mechanism: String {
        switch self {
        case .plain: "PLAIN"
        case .scram(let algorithm, _, _): algorithm.rawValue
        }
    }

    /// Logs in on a fresh connection: the handshake names the mechanism, then its exchange runs in SaslAuthenticate.
    func authenticate(on connection: KafkaConnection) async throws {
        let handshake = try await connection.send(SaslHandshakeRequest(mechanism: mechanism))
        guard handshake.errorCode == .none else {
            throw ConnectorError(
                .authenticationFailed,
                message: "The Kafka broker at \(connection.endpoint) does not enable SASL \(mechanism); it enables \(handshake.mechanisms.isEmpty ? "none" : handshake.mechanisms.joined(separator: ", ")).",
                fix: "Choose a mechanism the broker enables.")
        }
        switch self {
        case .plain(let username, let password):
            try Self.check(try await connection.send(SaslAuthenticateRequest(bytes: [0] + Array(username.utf8) + [0] + Array(password.utf8))), mechanism: mechanism)
        case .scram(let algorithm, let username, let password):
            var client = SCRAMClient(algorithm: algorithm, username: username, password: password)
            let first = try await connection.send(SaslAuthenticateRequest(bytes: client.clientFirst))
            try Self.check(first, mechanism: mechanism)
            let final = try await connection.send(SaslAuthenticateRequest(bytes: try client.clientFinal(serverFirst: first.bytes)))
            try Self.check(final, mechanism: mechanism)
            try client.verify(serverFinal: final.bytes)
        }
    }

    private static func check(_ response: SaslAuthenticateRequest.Response, mechanism: String) throws {
        guard response.errorCode == .none else {
            throw ConnectorError(
                .authenticationFailed, message: "The Kafka broker refused the SASL \(mechanism) login: \(response.errorMessage ?? response.errorCode.description).",
                fix: "Check the credential's username and password and the mechanism.")
        }
    }
}
