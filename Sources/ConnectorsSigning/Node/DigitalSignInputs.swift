import Foundation
import PlugboardCore

/// How data is given: text (UTF-8) or base64 for bytes.
enum DataEncoding: String, FieldChoice { case utf8, base64 }

extension DataEncoding {
    /// The bytes `text` stands for; a base64 mistake names `field`.
    func bytes(_ text: String, field: String) throws(ConnectorError) -> [UInt8] {
        switch self {
        case .utf8: return Array(text.utf8)
        case .base64:
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                throw .invalidInput("The \(field) is not valid base64.", field: field)
            }
            return Array(data)
        }
    }
}

struct HashInput: FieldSet {
    var data = ""
    var encoding = DataEncoding.utf8
    var algorithm = DigestAlgorithmChoice.sha256

    init() {}

    static let fields = FieldList<Self> {
        Field("data", \.data, title: "Data", required: true)
        Field("encoding", \.encoding, title: "Data is", description: "utf8 text, or base64 for bytes.")
        Field("algorithm", \.algorithm, title: "Algorithm", description: "sha256, sha384, sha512, or sha1 for old systems.")
    }
}

/// The digests offered to users.
enum DigestAlgorithmChoice: String, FieldChoice {
    case sha256, sha384, sha512, sha1

    var algorithm: DigestAlgorithm { DigestAlgorithm(rawValue: rawValue) ?? .sha256 }
}

struct SignCMSInput: FieldSet {
    var data = ""
    var encoding = DataEncoding.utf8
    var detached = true
    var digest = DigestAlgorithmChoice.sha256
    var signingTime = true
    var includeChain = true

    init() {}

    static let fields = FieldList<Self> {
        Field("data", \.data, title: "Data", required: true)
        Field("encoding", \.encoding, title: "Data is", description: "utf8 text, or base64 for bytes.")
        Field("detached", \.detached, title: "Detached", description: "Leave the data out of the signature (true), or carry it inside (false).")
        Field("digest", \.digest, title: "Digest", description: "sha256, sha384 or sha512.")
        Field("signingTime", \.signingTime, title: "Signing time", description: "Sign the time of signing with the data.")
        Field("includeChain", \.includeChain, title: "Include the chain", description: "Carry the issuers' certificates as well as the signer's.")
    }
}

struct VerifyCMSInput: FieldSet {
    var signature = ""
    var data: String?
    var encoding = DataEncoding.utf8

    init() {}

    static let fields = FieldList<Self> {
        Field("signature", \.signature, title: "Signature", description: "CMS / PKCS#7 as base64 DER, or PEM.", required: true)
        Field("data", \.data, title: "Data", description: "The signed data, for a detached signature.")
        Field("encoding", \.encoding, title: "Data is", description: "utf8 text, or base64 for bytes.")
    }

    /// The signature's bytes: PEM (`CMS`, `PKCS7`) or base64 DER.
    func signatureBytes() throws(ConnectorError) -> [UInt8] {
        let body = signature.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw .invalidInput("The signature is neither PEM nor base64 DER.", field: "signature")
        }
        return Array(data)
    }
}
