import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The SmartBridge double scripts/test.sh starts (Python/smartbridge_double.py, checking every signature with
/// xmlsec1), and an application `gov` with an `egov-gateway` connector `bridge` signing as a registered sender.
struct SmartBridgeFixture {
    let root: String
    let senderId = "plugboard-\(UUID().uuidString.prefix(8).lowercased())"
    let password = "sender-\(UUID().uuidString)"

    init() throws {
        let url = ProcessInfo.processInfo.environment["PLUGBOARD_TEST_SMARTBRIDGE_URL"]
        #expect(url != nil, "scripts/test.sh starts the SmartBridge double (scripts/services/smartbridge.sh)")
        root = try #require(url)
    }

    /// Registers the sender with `certificate` (PEM) and its password.
    func register(certificate: String) async throws {
        _ = try await control("/_double/senders", ["senderId": .string(senderId), "password": .string(password), "certificate": .string(certificate)])
    }

    func release(_ correlationID: String) async throws {
        _ = try await control("/_double/release", ["correlationId": .string(correlationID)])
    }

    /// The envelopes the double received, oldest first.
    func requests() async throws -> [String] {
        let (_, body, _) = try await GoogleDouble.send("GET", root + "/_double/requests")
        return try JSONParser.parse(body).arrayValue?.compactMap(\.stringValue) ?? []
    }

    private func control(_ path: String, _ body: JSONValue) async throws -> Int {
        let (status, _, _) = try await GoogleDouble.send("POST", root + path, body: body.jsonBytes(), contentType: "application/json")
        #expect(status == 200)
        return status
    }

    /// The certificate the double signs its answers with.
    func gatewayCertificate() async throws -> String {
        let (status, body, _) = try await GoogleDouble.send("GET", root + "/_double/gateway.pem")
        #expect(status == 200)
        return String(decoding: body, as: UTF8.self)
    }

    /// The application, a signing-key credential from `p12` with `loginPassword`, and the connector trusting
    /// `gateway` (the double's own certificate unless said otherwise) to sign answers.
    func connector(
        _ api: APIClient, _ pki: TestPKI, p12: String = "rsa.p12", password: String? = nil, name: String = "bridge", gateway: String? = nil
    ) async throws {
        if (try await api.call(.get, "/api/v1/applications/gov")).status != .ok { try await api.makeApplication("gov") }
        let credential = try await api.makeCredential("gov", name: name + "-key", kind: "signing_key", fields: [
            "pkcs12": .string(try pki.base64(p12)), "password": .string(TestPKI.password), "loginPassword": .string(password ?? self.password),
        ])
        var trusted = gateway ?? ""
        if gateway == nil { trusted = try await gatewayCertificate() }
        let made = try await api.makeConnector("gov", type: "egov-gateway", name: name, options: [
            "serviceUrl": .string(root + "/bip-sync-wss-gost/"), "asyncUrl": .string(root + "/bip-async-wss-gost/"), "senderId": .string(senderId),
            "gatewayCertificate": .string(trusted),
        ], credential: credential)
        #expect(made.status == .created, "\(made.text)")
    }
}
