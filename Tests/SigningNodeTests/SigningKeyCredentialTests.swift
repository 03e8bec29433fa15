import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `signing_key` credential through the API: PKCS#12 files openssl wrote (default and legacy algorithms) and PEM
/// pairs load, their certificates are described, and keys Plugboard cannot use are refused with nothing saved.
@Suite struct SigningKeyCredentialTests {
    @Test func pkcs12FilesAndPEMPairsLoadAndShowTheirCertificate() async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await api.makeApplication("sign")
            var texts: [String] = []
            for (name, file, algorithm) in [("rsa", "rsa.p12", "RSA 2048"), ("legacy", "rsa-legacy.p12", "RSA 2048"), ("ec", "ec.p12", "ECDSA P-256")] {
                let created = try await api.call(.post, "/api/v1/applications/sign/credentials", [
                    "name": .string(name), "kind": "signing_key",
                    "fields": ["format": "pkcs12", "pkcs12": .string(try pki.base64(file)), "password": .string(TestPKI.password)],
                ])
                texts.append(created.text)
                #expect(created.status == .created, "\(file): \(created.text)")
                let fields = created.json["fields"]
                #expect(fields?["keyAlgorithm"]?.stringValue == algorithm, "\(created.text)")
                #expect(fields?["issuer"]?.stringValue?.contains("CN=Plugboard Test Root") == true)
                #expect(fields?["subject"]?.stringValue?.contains(name == "ec" ? "CN=Daniyar Test" : "CN=Aigerim Test") == true)
                #expect(fields?["serialNumber"]?.stringValue?.isEmpty == false && fields?["notAfter"] != nil && fields?["notBefore"] != nil)
                #expect(fields?["pkcs12"] == nil && fields?["password"] == nil, "secret fields are never shown")
            }
            let pem = try await api.call(.post, "/api/v1/applications/sign/credentials", [
                "name": "pem", "kind": "signing_key",
                "fields": ["format": "pem", "certificate": .string(try pki.text("ec.crt") + pki.text("ca.crt")), "privateKey": .string(try pki.text("ec.key"))],
            ])
            texts.append(pem.text)
            #expect(pem.status == .created && pem.json["fields"]?["keyAlgorithm"] == "ECDSA P-256", "\(pem.text)")
            let listed = try await api.call(.get, "/api/v1/applications/sign/credentials")
            texts.append(listed.text)
            let bundle = String(try pki.base64("rsa.p12").prefix(40))
            for text in texts {
                #expect(!text.contains(TestPKI.password) && !text.contains("PRIVATE KEY") && !text.contains(bundle))
            }
            #expect(!fixture.logs.text.contains(TestPKI.password))
        }
    }

    @Test func unusableKeysAreRefusedAndNothingIsSaved() async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        try await APIFixture().run { api in
            try await api.makeApplication("sign")
            let create = { (name: String, fields: JSONObject) in
                try await api.call(.post, "/api/v1/applications/sign/credentials", ["name": .string(name), "kind": "signing_key", "fields": .object(fields)])
            }
            let wrong = try await create("wrong", ["pkcs12": .string(try pki.base64("rsa.p12")), "password": "not-it"])
            #expect(wrong.status == .badRequest && wrong.errorCode == "invalid_input" && wrong.error["field"] == "password", "\(wrong.text)")
            let mismatched = try await create("mismatched", ["format": "pem", "certificate": .string(try pki.text("rsa.crt")), "privateKey": .string(try pki.text("ec.key"))])
            #expect(mismatched.errorCode == "invalid_input" && mismatched.error["field"] == "certificate", "\(mismatched.text)")
            let gost = try await create("gost", ["format": "pem", "certificate": .string(try pki.gostCertificatePEM()), "privateKey": .string(try pki.text("rsa.key"))])
            #expect(gost.status.code == 422 && gost.errorCode == "unsupported" && gost.error["message"]?.stringValue?.contains("GOST") == true, "\(gost.text)")
            let given = try await create("given", ["format": "pem", "certificate": .string(try pki.text("rsa.crt")), "privateKey": .string(try pki.text("rsa.key")), "subject": "CN=Me"])
            #expect(given.errorCode == "invalid_input" && given.error["field"] == "subject", "a certificate's facts are read, not given: \(given.text)")
            let listed = try await api.call(.get, "/api/v1/applications/sign/credentials")
            #expect(listed.json["items"]?.arrayValue?.isEmpty == true, "\(listed.text)")
        }
    }
}
