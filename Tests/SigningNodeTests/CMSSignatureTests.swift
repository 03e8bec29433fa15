import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `digital-sign` node's CMS actions against Debian's openssl: what Plugboard signs, `openssl cms -verify`
/// accepts (attached and detached, RSA and ECDSA); what `openssl cms -sign` makes (signer algorithm rsaEncryption),
/// Plugboard verifies, and reports tampering.
@Suite struct CMSSignatureTests {
    static let document = "Договор № 7 — подписан. Contract no. 7, signed.\n"

    @Test(arguments: ["rsa.p12", "ec.p12", "rsa-legacy.p12"])
    func opensslVerifiesWhatPlugboardSigns(p12: String) async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        try Self.document.write(toFile: pki.path("data.txt"), atomically: true, encoding: .utf8)
        try await APIFixture().run { api in
            try await api.makeSigner(pki, p12: p12)
            for detached in [true, false] {
                let signed = try await api.run("sign", "signer", "sign_cms", ["data": .string(Self.document), "detached": .bool(detached)])
                #expect(signed.status == .ok, "\(signed.text)")
                let bytes = try #require(signed.output["signature"]?.stringValue.flatMap { Data(base64Encoded: $0) })
                try pki.write(Array(bytes), to: "plugboard.der")
                let content = detached ? ["-content", pki.path("data.txt")] : []
                let verified = try await pki.openssl(
                    ["cms", "-verify", "-binary", "-inform", "DER", "-in", pki.path("plugboard.der"), "-CAfile", pki.path("ca.crt"), "-purpose", "any",
                     "-out", pki.path("out.txt")] + content, mustSucceed: false)
                #expect(verified.status == 0, "openssl refused \(p12) detached=\(detached): \(verified.errors)")
                #expect(try pki.text("out.txt") == Self.document)
                let ours = try await api.run("sign", "signer", "verify_cms", ["signature": signed.output["signature"] ?? .null, "data": detached ? .string(Self.document) : .null])
                #expect(ours.output["valid"] == true && ours.output["trusted"] == true && ours.output["signingTime"] != nil, "\(ours.text)")
            }
        }
    }

    @Test func plugboardVerifiesWhatOpensslSigns() async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        try Self.document.write(toFile: pki.path("data.txt"), atomically: true, encoding: .utf8)
        let sign = { (out: String, extra: [String]) in
            _ = try await pki.openssl(
                ["cms", "-sign", "-binary", "-in", pki.path("data.txt"), "-signer", pki.path("rsa.crt"), "-inkey", pki.path("rsa.key"),
                 "-certfile", pki.path("ca.crt"), "-outform", "DER", "-out", pki.path(out)] + extra)
        }
        try await sign("detached.der", [])
        try await sign("attached.der", ["-nodetach"])
        try await APIFixture().run { api in
            try await api.makeApplication("sign")
            let made = try await api.makeConnector("sign", type: "digital-sign", name: "signer", options: ["trustedRoots": .string(try pki.text("ca.crt"))])
            #expect(made.status == .created, "\(made.text)")
            let verify = { (input: JSONValue) in try await api.run("sign", "signer", "verify_cms", input) }

            let detached = try await verify(["signature": .string(try pki.base64("detached.der")), "data": .string(Self.document)])
            #expect(detached.output["valid"] == true && detached.output["trusted"] == true && detached.output["certificateValid"] == true, "\(detached.text)")
            #expect(detached.output["signer"]?["subject"]?.stringValue?.contains("CN=Aigerim Test") == true)
            let attached = try await verify(["signature": .string(try pki.base64("attached.der"))])
            #expect(attached.output["valid"] == true, "\(attached.text)")
            #expect(attached.output["content"]?.stringValue.flatMap { Data(base64Encoded: $0) } == Data(Self.document.utf8))

            let tampered = try await verify(["signature": .string(try pki.base64("detached.der")), "data": .string(Self.document.replacingOccurrences(of: "7", with: "8"))])
            #expect(tampered.output["valid"] == false && tampered.output["reason"]?.stringValue?.contains("digest") == true, "\(tampered.text)")
            let missing = try await verify(["signature": .string(try pki.base64("detached.der"))])
            #expect(missing.errorCode == "invalid_input" && missing.error["field"] == "data", "\(missing.text)")
            let garbage = try await verify(["signature": "bm90IGEgc2lnbmF0dXJl"])
            #expect(garbage.errorCode == "invalid_input" && garbage.status.code == 400, "\(garbage.text)")
            let noKey = try await api.run("sign", "signer", "sign_cms", ["data": "x"])
            #expect(noKey.errorCode == "invalid_configuration", "signing needs a key: \(noKey.text)")

            // Another root: the signature still verifies, the chain is not trusted.
            let stranger = try await api.makeConnector(
                "sign", type: "digital-sign", name: "stranger", options: ["trustedRoots": .string(try await TestCertificates.generate().serverCertificatePEM)])
            #expect(stranger.status == .created, "\(stranger.text)")
            let untrusted = try await api.run("sign", "stranger", "verify_cms", ["signature": .string(try pki.base64("attached.der"))])
            #expect(untrusted.output["valid"] == true && untrusted.output["trusted"] == false && untrusted.output["trustProblem"] != nil, "\(untrusted.text)")
        }
    }

    @Test func digestsMatchOpenssl() async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        try Self.document.write(toFile: pki.path("data.txt"), atomically: true, encoding: .utf8)
        try await APIFixture().run { api in
            try await api.makeApplication("sign")
            _ = try await api.makeConnector("sign", type: "digital-sign", name: "signer", options: [:])
            for algorithm in ["sha256", "sha384", "sha512", "sha1"] {
                let ours = try await api.run("sign", "signer", "hash", ["data": .string(Self.document), "algorithm": .string(algorithm)])
                let theirs = try await Subprocess.capture("/usr/bin/env", ["openssl", "dgst", "-\(algorithm)", "-r", pki.path("data.txt")])
                let hex = String(decoding: theirs.output, as: UTF8.self).split(separator: " ").first.map(String.init)
                #expect(ours.output["hex"]?.stringValue == hex, "\(algorithm): \(ours.text)")
            }
        }
    }
}
