import PlugboardAPITestSupport
import PlugboardTestSupport
import Testing

extension APIClient {
    /// An application `sign` with a `digital-sign` connector `signer` holding the PKCS#12 file `p12` of `pki` and
    /// trusting its root.
    func makeSigner(_ pki: TestPKI, p12: String) async throws {
        try await makeApplication("sign")
        let credential = try await makeCredential(
            "sign", name: "key", kind: "signing_key", fields: ["pkcs12": .string(try pki.base64(p12)), "password": .string(TestPKI.password)])
        let made = try await makeConnector(
            "sign", type: "digital-sign", name: "signer", options: ["trustedRoots": .string(try pki.text("ca.crt"))], credential: credential)
        #expect(made.status == .created, "\(made.text)")
    }
}
