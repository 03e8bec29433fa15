import Crypto
import Foundation
import NIOCore
import NIOSSH
import PlugboardCore

/// Reads the private key of an `ssh_key` credential: an OpenSSH `openssh-key-v1` file, or PEM (PKCS#8, or SEC1 for
/// ECDSA), Ed25519 or ECDSA P-256, P-384 and P-521. What NIOSSH cannot sign with, or what needs a KDF that is not
/// available here, is refused with an error that says so.
public enum SSHPrivateKeyReader {
    public static func read(_ text: String, passphrase: String? = nil) throws(ConnectorError) -> NIOSSHPrivateKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----") { return try openSSH(trimmed) }
        if trimmed.hasPrefix("-----BEGIN RSA PRIVATE KEY-----") { throw rsa }
        if trimmed.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            throw refused("The key is an encrypted PKCS#8 file, which swift-crypto cannot open.", fix: "Decrypt it (openssl pkcs8 -in key -out plain.pem) and store the plain key; the credential keeps it sealed.")
        }
        if trimmed.hasPrefix("-----BEGIN PRIVATE KEY-----") || trimmed.hasPrefix("-----BEGIN EC PRIVATE KEY-----") { return try pem(trimmed) }
        throw refused("The private key is neither an OpenSSH key file nor PEM.", fix: "Paste the whole key file, from its -----BEGIN line to its -----END line.")
    }

    static let rsa = refused(
        "RSA keys are not supported: NIOSSH, the SSH library Plugboard uses, signs only with Ed25519 and ECDSA keys and has no hook for others.",
        fix: "Make an Ed25519 key (ssh-keygen -t ed25519) and add its public key to the server's authorized_keys.")

    static func refused(_ message: String, fix: String) -> ConnectorError {
        ConnectorError(.invalidConfiguration, message: message, cause: "The credential's private key cannot be used for SSH here.", fix: fix, field: "privateKey")
    }

    /// `openssh-key-v1`: magic, cipher, KDF, one public key, then the private section (check integers, key type,
    /// the key's fields, comment, padding).
    static func openSSH(_ text: String) throws(ConnectorError) -> NIOSSHPrivateKey {
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body) else { throw refused("The OpenSSH key file's base64 is damaged.", fix: "Paste the file as it is.") }
        var buffer = ByteBuffer(bytes: data)
        let magic = Array("openssh-key-v1\0".utf8)
        guard buffer.readBytes(length: magic.count) == magic else { throw refused("This is not an openssh-key-v1 file.", fix: "Paste the whole key file.") }
        do {
            let cipher = try buffer.sshString()
            _ = try buffer.sshString()  // KDF name
            _ = try buffer.sshString()  // KDF options
            guard cipher == "none" else {
                throw refused(
                    "The OpenSSH key file is encrypted with a passphrase, which needs bcrypt_pbkdf, not available here.",
                    fix: "Remove the passphrase (ssh-keygen -p -N '' -f KEY) and store the key in the credential, which keeps it sealed.")
            }
            guard try buffer.sshInteger() == 1 else { throw refused("The key file holds more than one key.", fix: "Store one key per credential.") }
            _ = try buffer.sshBytes()  // the public key
            var section = ByteBuffer(bytes: try buffer.sshBytes())
            guard try section.sshInteger() == section.sshInteger() else {
                throw refused("The key file's check numbers disagree: it is damaged, or encrypted.", fix: "Paste the file as it is.")
            }
            switch try section.sshString() {
            case "ssh-ed25519":
                _ = try section.sshBytes()
                let secret = try section.sshBytes()
                guard secret.count == 64 else { throw refused("The Ed25519 key has the wrong length.", fix: "Paste the file as it is.") }
                return NIOSSHPrivateKey(ed25519Key: try Curve25519.Signing.PrivateKey(rawRepresentation: secret.prefix(32)))
            case let type where type.hasPrefix("ecdsa-sha2-"):
                _ = try section.sshString()  // curve
                _ = try section.sshBytes()  // public point
                let scalar = Array(try section.sshBytes().drop { $0 == 0 })
                switch type {
                case "ecdsa-sha2-nistp256": return NIOSSHPrivateKey(p256Key: try P256.Signing.PrivateKey(rawRepresentation: padded(scalar, to: 32)))
                case "ecdsa-sha2-nistp384": return NIOSSHPrivateKey(p384Key: try P384.Signing.PrivateKey(rawRepresentation: padded(scalar, to: 48)))
                case "ecdsa-sha2-nistp521": return NIOSSHPrivateKey(p521Key: try P521.Signing.PrivateKey(rawRepresentation: padded(scalar, to: 66)))
                default: throw refused("The ECDSA curve of '\(type)' is not supported.", fix: "Use Ed25519 or ECDSA on P-256, P-384 or P-521.")
                }
            case "ssh-rsa": throw rsa
            case let other: throw refused("Keys of type '\(other)' are not supported.", fix: "Use an Ed25519 or ECDSA key.")
            }
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw refused("The OpenSSH key file could not be read: \(error).", fix: "Paste the file as it is.")
        }
    }

    /// PKCS#8 or SEC1 PEM: ECDSA through swift-crypto; Ed25519 PKCS#8 (OID 1.3.101.112) read by its fixed layout.
    static func pem(_ text: String) throws(ConnectorError) -> NIOSSHPrivateKey {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: text) { return NIOSSHPrivateKey(p256Key: key) }
        if let key = try? P384.Signing.PrivateKey(pemRepresentation: text) { return NIOSSHPrivateKey(p384Key: key) }
        if let key = try? P521.Signing.PrivateKey(pemRepresentation: text) { return NIOSSHPrivateKey(p521Key: key) }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let ed25519Prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
        if let der = Data(base64Encoded: body).map(Array.init), der.count == 48, Array(der.prefix(16)) == ed25519Prefix,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
        {
            return NIOSSHPrivateKey(ed25519Key: key)
        }
        if body.hasPrefix("MIIE") || body.hasPrefix("MIIC") || body.hasPrefix("MIIG") || body.hasPrefix("MIIJ") { throw rsa }
        throw refused("The PEM key is not an Ed25519 or ECDSA private key.", fix: "Use an Ed25519 or ECDSA key.")
    }

    private static func padded(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        bytes.count >= length ? Array(bytes.suffix(length)) : Array(repeating: 0, count: length - bytes.count) + bytes
    }
}

/// The SHA-256 fingerprint OpenSSH prints for a public key: `SHA256:` and the digest of its wire form, base64 unpadded.
public enum SSHFingerprint {
    public static func of(_ key: NIOSSHPublicKey) -> String {
        let blob = String(openSSHPublicKey: key).split(separator: " ").dropFirst().first.flatMap { Data(base64Encoded: String($0)) } ?? Data()
        return "SHA256:" + Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }
}

struct SSHWireError: Error {}

extension ByteBuffer {
    mutating func sshInteger() throws -> UInt32 {
        guard let value = readInteger(as: UInt32.self) else { throw SSHWireError() }
        return value
    }

    mutating func sshBytes() throws -> [UInt8] {
        let length = try sshInteger()
        guard let bytes = readBytes(length: Int(length)) else { throw SSHWireError() }
        return bytes
    }

    mutating func sshString() throws -> String {
        String(decoding: try sshBytes(), as: UTF8.self)
    }
}
