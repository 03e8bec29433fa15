import Crypto
import Foundation
import PlugboardCore

/// The client side of SCRAM (RFC 5802) with SHA-256 (RFC 7677) or SHA-512, as Kafka's SASL/SCRAM uses it, as a plain
/// value: the first message, the final message computed from the server's first, and the server's signature checked.
/// No channel binding (`n,,`); names are not SASLprep-normalised, only `=` and `,` escaped.
public struct SCRAMClient: Sendable {
    public enum Algorithm: String, Sendable {
        case sha256 = "SCRAM-SHA-256"
        case sha512 = "SCRAM-SHA-512"
    }

    /// The most PBKDF2 iterations a server may ask for (as kafka-python): more is refused rather than computed.
    static let maximumIterations = 1_000_000

    public let algorithm: Algorithm
    let username: String
    let password: String
    let clientNonce: String
    private var authMessage = ""
    private var serverSignature: [UInt8] = []

    /// A client with a fresh random nonce, or `nonce` (for tests).
    public init(algorithm: Algorithm, username: String, password: String, nonce: String? = nil) {
        self.algorithm = algorithm
        self.username = username
        self.password = password
        clientNonce = nonce ?? Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }

    private var clientFirstBare: String {
        "n=" + username.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C") + ",r=" + clientNonce
    }

    /// `n,,n=user,r=nonce`.
    public var clientFirst: [UInt8] { Array(("n,," + clientFirstBare).utf8) }

    /// The final message for the server's first (`r=…,s=…,i=…`); keeps what checking its last message needs.
    public mutating func clientFinal(serverFirst: [UInt8]) throws(ConnectorError) -> [UInt8] {
        let text = String(decoding: serverFirst, as: UTF8.self)
        let fields = Self.fields(text)
        guard let nonce = fields["r"], nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else {
            throw Self.refused("the server's nonce does not extend the client's")
        }
        guard let saltText = fields["s"], let salt = Data(base64Encoded: saltText) else { throw Self.refused("the server sent no salt") }
        guard let iterations = fields["i"].flatMap(Int.init), (1...Self.maximumIterations).contains(iterations) else {
            throw Self.refused("the server asked for an iteration count outside 1 to \(Self.maximumIterations)")
        }
        let finalWithoutProof = "c=biws,r=" + nonce
        authMessage = clientFirstBare + "," + text + "," + finalWithoutProof
        let salted = pbkdf2(Array(password.utf8), salt: Array(salt), iterations: iterations)
        let clientKey = hmac(key: salted, Array("Client Key".utf8))
        let storedKey = hash(clientKey)
        let signature = hmac(key: storedKey, Array(authMessage.utf8))
        let proof = zip(clientKey, signature).map { $0 ^ $1 }
        serverSignature = hmac(key: hmac(key: salted, Array("Server Key".utf8)), Array(authMessage.utf8))
        return Array((finalWithoutProof + ",p=" + Data(proof).base64EncodedString()).utf8)
    }

    /// Checks the server's final message (`v=signature`): a server that does not know the password cannot make it.
    public func verify(serverFinal: [UInt8]) throws(ConnectorError) {
        let fields = Self.fields(String(decoding: serverFinal, as: UTF8.self))
        if let error = fields["e"] {
            throw ConnectorError(.authenticationFailed, message: "The Kafka broker refused the SCRAM login: \(error).", fix: "Check the credential's username and password.")
        }
        guard let signature = fields["v"].flatMap({ Data(base64Encoded: $0) }), Array(signature) == serverSignature, !serverSignature.isEmpty else {
            throw Self.refused("the server's signature does not prove it knows the password")
        }
    }

    private static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for part in text.split(separator: ",") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        return fields
    }

    private static func refused(_ why: String) -> ConnectorError {
        ConnectorError(.authenticationFailed, message: "The SCRAM exchange with the Kafka broker failed: \(why).")
    }

    // MARK: Primitives

    private func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch algorithm {
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
    }

    private func hash(_ bytes: [UInt8]) -> [UInt8] {
        switch algorithm {
        case .sha256: return Array(SHA256.hash(data: bytes))
        case .sha512: return Array(SHA512.hash(data: bytes))
        }
    }

    /// PBKDF2 (RFC 8018) with the algorithm's HMAC, one block: SCRAM's key is one hash long.
    private func pbkdf2(_ password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        var block = hmac(key: password, salt + [0, 0, 0, 1])
        var result = block
        for _ in 1..<iterations {
            block = hmac(key: password, block)
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }
}
