import Foundation
import PlugboardCore
import SwiftASN1
import X509

/// A CMS SignedData (RFC 5652) as read by hand with SwiftASN1, so that every signer algorithm OpenSSL writes is
/// understood (`openssl cms -sign` names the signer's algorithm `rsaEncryption`, which swift-certificates' CMS
/// refuses): the content when attached, the certificates, and each signer.
struct CMSSignedMessage {
    var content: [UInt8]?
    var certificates: [Certificate]
    var signers: [Signer]

    struct Signer {
        var issuer: DistinguishedName?
        var serialNumber: [UInt8]
        var digest: DigestAlgorithm
        /// The signed attributes as DER with the SET tag, as they were signed; nil when the content itself was signed.
        var signedAttributes: [UInt8]?
        var messageDigest: [UInt8]?
        var signingTime: Date?
        var signatureAlgorithm: ASN1ObjectIdentifier
        var signature: [UInt8]
    }

    static let signedData = "1.2.840.113549.1.7.2"

    init(berEncoded bytes: [UInt8]) throws {
        let root = try BER.parse(bytes)
        guard try root.child(0, "the content type").objectIdentifier().description == Self.signedData else {
            throw CMSFormatError("it is not CMS SignedData")
        }
        let explicit = try root.child(1, "the signed data")
        let body = try explicit.child(0, "the signed data")
        var rest = body.children.dropFirst(2)  // version, digestAlgorithms
        guard let encapsulated = rest.popFirst() else { throw CMSFormatError("the encapsulated content is missing") }
        content = encapsulated.children.dropFirst().first.flatMap { $0.children.first?.bytes }
        certificates = []
        signers = []
        for node in rest {
            if node.isContext(0) {
                certificates = try node.children.map { try Certificate(derEncoded: Array($0.encodedBytes)) }
            } else if node.identifier == .set {
                signers = try node.children.map(Self.signer)
            }
        }
        guard !signers.isEmpty else { throw CMSFormatError("it has no signer") }
    }

    static func signer(_ node: ASN1Node) throws -> Signer {
        let parts = node.children
        guard parts.count >= 5 else { throw CMSFormatError("a signer is incomplete") }
        var issuer: DistinguishedName?
        var serial: [UInt8] = []
        if parts[1].identifier == .sequence {
            issuer = try DistinguishedName(derEncoded: parts[1].child(0, "the signer's issuer"))
            serial = try parts[1].child(1, "the signer's serial number").bytes
        }
        guard let digest = DigestAlgorithm(oid: try parts[2].child(0, "the digest algorithm").objectIdentifier()) else {
            throw CMSFormatError("its digest algorithm is not SHA-256, SHA-384, SHA-512 or SHA-1")
        }
        var index = 3
        var attributes: [UInt8]?
        var messageDigest: [UInt8]?
        var signingTime: Date?
        if parts[index].isContext(0) {
            var encoded = Array(parts[index].encodedBytes)
            encoded[0] = 0x31  // [0] IMPLICIT SET OF → SET OF, as RFC 5652 §5.4 says it is signed
            attributes = encoded
            for attribute in parts[index].children {
                let type = try attribute.child(0, "an attribute's type").objectIdentifier().description
                let value = try attribute.child(1, "an attribute's values").child(0, "an attribute's value")
                switch type {
                case "1.2.840.113549.1.9.4": messageDigest = value.bytes
                case "1.2.840.113549.1.9.5": signingTime = try? Self.date(value)
                default: break
                }
            }
            index += 1
        }
        guard parts.count > index + 1 else { throw CMSFormatError("a signer has no signature") }
        return Signer(
            issuer: issuer, serialNumber: serial, digest: digest, signedAttributes: attributes, messageDigest: messageDigest,
            signingTime: signingTime, signatureAlgorithm: try parts[index].child(0, "the signature algorithm").objectIdentifier(),
            signature: parts[index + 1].bytes)
    }

    /// A UTCTime or GeneralizedTime as a date.
    static func date(_ node: ASN1Node) throws -> Date? {
        var parts = DateComponents()
        parts.timeZone = TimeZone(identifier: "UTC")
        if node.identifier == .utcTime {
            let time = try UTCTime(berEncoded: node)
            (parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second) = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
        } else {
            let time = try GeneralizedTime(berEncoded: node)
            (parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second) = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
        }
        return Calendar(identifier: .gregorian).date(from: parts)
    }

    /// The certificate a signer names by issuer and serial number.
    func certificate(of signer: Signer) -> Certificate? {
        certificates.first { certificate in
            Array(certificate.serialNumber.bytes) == signer.serialNumber && (signer.issuer == nil || certificate.issuer == signer.issuer)
        }
    }
}
