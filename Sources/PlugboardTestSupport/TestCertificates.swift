import Foundation
import PlugboardCore

/// Self-signed certificates made at test time with the `openssl` command, in a temporary folder removed afterwards.
public struct TestCertificates: Sendable {
    /// PEM certificate for `localhost` and `127.0.0.1`.
    public var serverCertificatePEM: String
    /// The server certificate's private key (PEM, unencrypted).
    public var serverKeyPEM: String
    /// PEM certificate a client presents for mutual TLS.
    public var clientCertificatePEM: String
    /// The client certificate's private key (PEM, unencrypted).
    public var clientKeyPEM: String
    /// The client certificate and key as a base64 PKCS#12 bundle sealed with `clientPKCS12Password`.
    public var clientPKCS12Base64: String
    /// The password sealing `clientPKCS12Base64`.
    public var clientPKCS12Password: String

    /// Generates a server and a client identity (EC P-256, valid for two days).
    public static func generate() async throws -> TestCertificates {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plugboard-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let password = "test-pkcs12-password"
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
        try await openssl(["req", "-x509"] + curve + [
            "-keyout", path("server.key"), "-out", path("server.crt"), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
        try await openssl(["req", "-x509"] + curve + [
            "-keyout", path("client.key"), "-out", path("client.crt"), "-subj", "/CN=plugboard-test-client",
        ])
        try await openssl([
            "pkcs12", "-export", "-in", path("client.crt"), "-inkey", path("client.key"), "-out", path("client.p12"),
            "-passout", "pass:\(password)",
        ])
        return TestCertificates(
            serverCertificatePEM: try String(contentsOfFile: path("server.crt"), encoding: .utf8),
            serverKeyPEM: try String(contentsOfFile: path("server.key"), encoding: .utf8),
            clientCertificatePEM: try String(contentsOfFile: path("client.crt"), encoding: .utf8),
            clientKeyPEM: try String(contentsOfFile: path("client.key"), encoding: .utf8),
            clientPKCS12Base64: try Data(contentsOf: URL(fileURLWithPath: path("client.p12"))).base64EncodedString(),
            clientPKCS12Password: password)
    }

    private static func openssl(_ arguments: [String]) async throws {
        let result = try await Subprocess.capture("/usr/bin/env", ["openssl"] + arguments)
        guard result.status == 0 else {
            throw TestServerError("openssl \(arguments.first ?? "") failed: \(result.errorText)")
        }
    }
}
