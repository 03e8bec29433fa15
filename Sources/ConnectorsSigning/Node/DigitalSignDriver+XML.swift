import Foundation
import PlugboardCore

/// The `digital-sign` node's XML Signature actions.
extension DigitalSignDriver {
    static let signXML = ConnectorAction<DigitalSignSession>(
        name: "sign_xml", title: "Sign XML",
        description: """
            An enveloped XML Signature (exclusive C14N, RSA-SHA256, RSA-SHA512 or ECDSA-SHA256, the certificate in \
            KeyInfo) over the whole document, or over the element whose Id is given; placed as the root's last child.
            """,
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: false), input: SignXMLInput.self,
        outputSchema: Schema.object(["xml": Schema.string(), "signer": facts], required: ["xml"])
    ) { session, input, _ in
        let key = try session.signingKey()
        let method = input.algorithm?.method ?? (key.key.isRSA ? .rsaSHA256 : .ecdsaSHA256)
        let signed = try XMLSigning.sign(
            input.xml, with: key, method: method, target: input.id.map { .element(id: $0) } ?? .document, withComments: input.withComments)
        return ["xml": .string(signed), "signer": CertificateFacts(key.certificate).json]
    }

    static let verifyXML = ConnectorAction<DigitalSignSession>(
        name: "verify_xml", title: "Verify XML",
        description: """
            Checks an XML Signature: valid or not and why, what it covers, the signer, whether the certificate is valid \
            now, and whether its chain leads to a trusted root. Signature wrapping (copied Ids, references into the \
            signature itself), transforms other than enveloped-signature and exclusive C14N, and any DTD are refused.
            """,
        annotations: reads, input: VerifyXMLInput.self,
        outputSchema: Schema.object(
            ["valid": Schema.boolean(), "reason": Schema.string(), "covers": Schema.array(Schema.string()), "signer": facts,
             "certificateValid": Schema.boolean(), "trusted": Schema.boolean(), "trustProblem": Schema.string()],
            required: ["valid"])
    ) { session, input, _ in
        let result = try await XMLSignatureVerification.verify(input.xml, roots: session.roots, mustCover: input.mustCover)
        var answer: JSONObject = ["valid": .bool(result.valid), "covers": .array(result.covers.map(JSONValue.string)), "certificateValid": .bool(result.certificateValid)]
        if let reason = result.reason { answer["reason"] = .string(reason) }
        if let signer = result.signer { answer["signer"] = signer.json }
        if let trusted = result.trusted { answer["trusted"] = .bool(trusted) }
        if let problem = result.trustProblem { answer["trustProblem"] = .string(problem) }
        return .object(answer)
    }
}

struct SignXMLInput: FieldSet {
    enum Algorithm: String, FieldChoice {
        case rsaSHA256 = "rsa-sha256", rsaSHA512 = "rsa-sha512", ecdsaSHA256 = "ecdsa-sha256"

        var method: XMLSignatureAlgorithms.Method {
            switch self {
            case .rsaSHA256: return .rsaSHA256
            case .rsaSHA512: return .rsaSHA512
            case .ecdsaSHA256: return .ecdsaSHA256
            }
        }
    }

    var xml = ""
    var id: String?
    var algorithm: Algorithm?
    var withComments = false

    init() {}

    static let fields = FieldList<Self> {
        Field("xml", \.xml, title: "XML", description: "The document, UTF-8; a DOCTYPE is refused.", required: true)
        Field("id", \.id, title: "Element Id", description: "Sign only the element with this Id (Id, ID or id attribute); the whole document when left out.")
        Field("algorithm", \.algorithm, title: "Algorithm", description: "rsa-sha256, rsa-sha512 or ecdsa-sha256; by the key's type when left out.")
        Field("withComments", \.withComments, title: "Sign comments", description: "Keep the document's comments in what is signed.")
    }
}

struct VerifyXMLInput: FieldSet {
    var xml = ""
    var mustCover: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("xml", \.xml, title: "XML", description: "The signed document.", required: true)
        Field(
            "mustCover", \.mustCover, title: "Must cover",
            description: "document, or the Id of the element you rely on: a signature over anything else is invalid.")
    }
}
