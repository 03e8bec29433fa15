import Foundation
import PlugboardCore

/// The `digital-sign` node: XML Signatures and CMS / PKCS#7 signatures made with a signing-key credential and checked
/// with the signer, the certificate's validity and the chain reported; and digests.
public struct DigitalSignDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "digital-sign", category: "Security", displayName: "Digital signatures",
        description: """
            Sign XML (enveloped XMLDSig, exclusive C14N, the whole document or an element by Id) and data as CMS / \
            PKCS#7 (attached or detached, with the signing time and the certificate chain) with a signing key (PKCS#12 \
            or PEM; RSA or ECDSA); verify XML and CMS signatures others made (xmlsec1's and openssl's included) with \
            the signer, the certificate's validity and the chain against trusted roots reported; compute digests.
            """,
        credentialKinds: [.signingKey], credentialRequired: false)

    public init() {}

    public var actions: [ConnectorAction<DigitalSignSession>] { [Self.signXML, Self.verifyXML, Self.signCMS, Self.verifyCMS, Self.hash] }

    public func openSession(_ configuration: DigitalSignConfiguration, context: SessionContext) async throws -> DigitalSignSession {
        let key = try context.credential.map { credential throws(ConnectorError) in try SigningKey.load(credential.fields) }
        return DigitalSignSession(configuration: configuration, key: key, roots: try configuration.roots())
    }

    /// The signing key's certificate, when there is one, and how many roots are trusted.
    public func test(_ session: DigitalSignSession, context: CallContext) async throws -> JSONValue {
        ["signer": session.key.map { CertificateFacts($0.certificate).json } ?? .null, "trustedRoots": .integer(Int64(session.roots.count))]
    }

    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let facts = Schema.object([:], additionalProperties: true)

    static let hash = ConnectorAction<DigitalSignSession>(
        name: "hash", title: "Digest", description: "The SHA-256, SHA-384, SHA-512 or SHA-1 digest of the data, as hex and base64.",
        annotations: reads, input: HashInput.self,
        outputSchema: Schema.object(["algorithm": Schema.string(), "hex": Schema.string(), "base64": Schema.string()], required: ["hex", "base64"])
    ) { _, input, _ in
        let digest = input.algorithm.algorithm.hash(try input.encoding.bytes(input.data, field: "data"))
        return [
            "algorithm": .string(input.algorithm.rawValue), "hex": .string(Hex.encode(digest)),
            "base64": .string(Data(digest).base64EncodedString()),
        ]
    }

    static let signCMS = ConnectorAction<DigitalSignSession>(
        name: "sign_cms", title: "Sign (CMS)",
        description: "A CMS / PKCS#7 SignedData over the data (base64 DER and PEM), detached or with the data inside, signed by the credential's key.",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: false), input: SignCMSInput.self,
        outputSchema: Schema.object(
            ["signature": Schema.string(), "pem": Schema.string(), "detached": Schema.boolean(), "signer": facts], required: ["signature"])
    ) { session, input, _ in
        let key = try session.signingKey()
        let signature = try CMSSigning.sign(
            try input.encoding.bytes(input.data, field: "data"), with: key, digest: input.digest.algorithm, detached: input.detached,
            signingTime: input.signingTime ? Date() : nil, includeChain: input.includeChain)
        let base64 = Data(signature).base64EncodedString()
        let pem = "-----BEGIN CMS-----\n" + base64.chunked(64).joined(separator: "\n") + "\n-----END CMS-----\n"
        return ["signature": .string(base64), "pem": .string(pem), "detached": .bool(input.detached), "signer": CertificateFacts(key.certificate).json]
    }

    static let verifyCMS = ConnectorAction<DigitalSignSession>(
        name: "verify_cms", title: "Verify (CMS)",
        description: """
            Checks a CMS / PKCS#7 signature (attached, or detached with the data): valid or not and why, the signer, \
            the signing time, whether the certificate was valid then, and whether its chain leads to a trusted root.
            """,
        annotations: reads, input: VerifyCMSInput.self,
        outputSchema: Schema.object(
            ["valid": Schema.boolean(), "reason": Schema.string(), "signer": facts, "signingTime": Schema.string(),
             "certificateValid": Schema.boolean(), "trusted": Schema.boolean(), "trustProblem": Schema.string(), "content": Schema.string()],
            required: ["valid"])
    ) { session, input, _ in
        let detached = try input.data.map { text throws(ConnectorError) in try input.encoding.bytes(text, field: "data") }
        let result = try await CMSVerification.verify(try input.signatureBytes(), detachedContent: detached, roots: session.roots)
        var answer: JSONObject = ["valid": .bool(result.valid), "certificateValid": .bool(result.certificateValid)]
        if let reason = result.reason { answer["reason"] = .string(reason) }
        if let signer = result.signer { answer["signer"] = signer.json }
        if let time = result.signingTime { answer["signingTime"] = .string(ISO8601.string(from: time)) }
        if let trusted = result.trusted { answer["trusted"] = .bool(trusted) }
        if let problem = result.trustProblem { answer["trustProblem"] = .string(problem) }
        if let content = result.content { answer["content"] = .string(Data(content).base64EncodedString()) }
        return .object(answer)
    }
}

extension String {
    /// The string cut into pieces of `size` characters.
    func chunked(_ size: Int) -> [String] {
        stride(from: 0, to: count, by: size).map { offset in
            let start = index(startIndex, offsetBy: offset)
            return String(self[start..<(index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex)])
        }
    }
}
