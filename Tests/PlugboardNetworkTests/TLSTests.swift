import PlugboardCore
import PlugboardNetwork
import PlugboardTestSupport
import Testing

@Suite struct TLSTests {
    @Test func selfSignedCertificateIsRefused() async throws {
        try await withTLSTestServer { server in
            for url in [server.baseURL, server.localhostURL] {
                let error = await #expect(throws: ConnectorError.self) { try await TransportFixtures.get(url) }
                #expect(error?.code == .tlsCertificate, "\(url)")
            }
        }
    }

    @Test func verificationOffAcceptsSelfSignedCertificate() async throws {
        try await withTLSTestServer { server in
            let response = try await TransportFixtures.get(server.localhostURL, options: HTTPClientOptions(verifyTLS: false))
            #expect(response.status == 200)
            #expect(response.body == Array("ok".utf8))
        }
    }

    @Test func pemClientCertificateIsPresented() async throws {
        try await withTLSTestServer(requireClientCertificate: true) { server in
            let credential = Credential(
                id: "cred_pem", kind: .clientCertificate,
                fields: ["format": "pem", "certificate": server.certificates.clientCertificatePEM, "privateKey": server.certificates.clientKeyPEM])
            let options = HTTPClientOptions(verifyTLS: false, clientCertificate: credential)
            let response = try await TransportFixtures.get(server.baseURL, options: options)
            #expect(response.status == 200)
        }
    }

    @Test func pkcs12ClientCertificateIsPresented() async throws {
        try await withTLSTestServer(requireClientCertificate: true) { server in
            let credential = Credential(
                id: "cred_p12", kind: .clientCertificate,
                fields: ["format": "pkcs12", "pkcs12": server.certificates.clientPKCS12Base64, "password": server.certificates.clientPKCS12Password])
            let response = try await TransportFixtures.get(server.baseURL, options: HTTPClientOptions(verifyTLS: false, clientCertificate: credential))
            #expect(response.status == 200)
        }
    }

    @Test func missingClientCertificateFails() async throws {
        try await withTLSTestServer(requireClientCertificate: true) { server in
            let error = await #expect(throws: ConnectorError.self) {
                try await TransportFixtures.get(server.baseURL, options: HTTPClientOptions(verifyTLS: false))
            }
            #expect(error?.code == .tlsCertificate)
            #expect(error?.message.contains("client certificate") == true)
        }
    }

    @Test func wrongPKCS12PasswordIsInvalidConfigurationWithoutTheSecret() async throws {
        let certificates = try await TestCertificates.generate()
        let credential = Credential(
            id: "cred_bad", kind: .clientCertificate,
            fields: ["format": "pkcs12", "pkcs12": certificates.clientPKCS12Base64, "password": "wrong-password-123"])
        let error = await #expect(throws: ConnectorError.self) {
            _ = try await TransportFixtures.transport(options: HTTPClientOptions(clientCertificate: credential))
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.field == "pkcs12")
        #expect(error.map { "\($0.json)" }?.contains("wrong-password-123") == false)
    }
}
