import Foundation
import PlugboardCore

/// A small PKI made with Debian's `openssl` for one test: a root CA, an RSA and an ECDSA signer it issued, their
/// PKCS#12 files (default PBES2 and `-legacy`), in a folder removed by `remove()`. `openssl` also checks what
/// Plugboard signs and signs what Plugboard checks.
public struct TestPKI: Sendable {
    public let folder: URL
    public static let password = "p12-Pa55word"

    public init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("plugboard-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", path("ca.crt"), "-days", "30",
            "-subj", "/CN=Plugboard Test Root/O=Plugboard", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n".write(toFile: path("signer.ext"), atomically: true, encoding: .utf8)
        try await issue("rsa", key: ["-newkey", "rsa:2048"], subject: "/CN=Aigerim Test/O=Plugboard/serialNumber=IIN880101300123")
        try await issue("ec", key: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"], subject: "/CN=Daniyar Test/O=Plugboard")
        for name in ["rsa", "ec"] {
            try await openssl([
                "pkcs12", "-export", "-in", path("\(name).crt"), "-inkey", path("\(name).key"), "-certfile", path("ca.crt"),
                "-out", path("\(name).p12"), "-passout", "pass:\(Self.password)",
            ])
        }
        try await openssl([
            "pkcs12", "-export", "-legacy", "-in", path("rsa.crt"), "-inkey", path("rsa.key"), "-certfile", path("ca.crt"),
            "-out", path("rsa-legacy.p12"), "-passout", "pass:\(Self.password)",
        ])
    }

    public func remove() { try? FileManager.default.removeItem(at: folder) }

    public func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    public func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    public func base64(_ name: String) throws -> String { try Data(contentsOf: URL(fileURLWithPath: path(name))).base64EncodedString() }

    public func write(_ bytes: [UInt8], to name: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path(name))) }

    /// Runs openssl; returns its status and stderr (its stdout goes to files the arguments name).
    @discardableResult
    public func openssl(_ arguments: [String], mustSucceed: Bool = true) async throws -> (status: Int32, errors: String) {
        let result = try await Subprocess.capture("/usr/bin/env", ["openssl"] + arguments)
        if mustSucceed, result.status != 0 {
            throw TestServerError("openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(result.errorText)")
        }
        return (result.status, result.errorText)
    }

    private func issue(_ name: String, key: [String], subject: String) async throws {
        try await openssl(["req"] + key + ["-nodes", "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", subject])
        try await openssl([
            "x509", "-req", "-in", path("\(name).csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"), "-CAcreateserial",
            "-out", path("\(name).crt"), "-days", "30", "-extfile", path("signer.ext"),
        ])
    }

    /// The RSA signer's certificate with its key algorithm renamed to Kazakhstan's GOST 34.310 (same length, so the
    /// DER stays well formed): what a GOST certificate looks like to a reader.
    public func gostCertificatePEM() throws -> String {
        let pem = try text("rsa.crt")
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        var der = Array(Data(base64Encoded: body) ?? Data())
        let rsa: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
        let gost: [UInt8] = [0x06, 0x09, 0x2A, 0x83, 0x0E, 0x03, 0x0A, 0x01, 0x01, 0x01, 0x01]
        guard let start = (0...(der.count - rsa.count)).first(where: { Array(der[$0..<($0 + rsa.count)]) == rsa }) else {
            throw TestServerError("the certificate has no rsaEncryption key")
        }
        der.replaceSubrange(start..<(start + rsa.count), with: gost)
        return "-----BEGIN CERTIFICATE-----\n\(Data(der).base64EncodedString(options: .lineLength64Characters))\n-----END CERTIFICATE-----\n"
    }
}
