import Crypto
import Foundation
import PlugboardCore

/// SASL as SMTP's AUTH speaks it: PLAIN, LOGIN and CRAM-MD5, each a list of lines to send in answer to the
/// server's 334 challenges. Every line carries the secret in some form, so each is added to the call's redactor.
enum SMTPAuthentication {
    /// The mechanisms in the order they are preferred when the connector says `auto`: CRAM-MD5 keeps the password
    /// off the wire, PLAIN and LOGIN only go over TLS.
    static let preference = ["CRAM-MD5", "PLAIN", "LOGIN"]

    /// `AUTH PLAIN <base64(\0user\0password)>`.
    static func plain(user: String, password: String) -> String {
        "AUTH PLAIN " + Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
    }

    /// LOGIN's two answers: the user name, then the password, each in base64.
    static func login(user: String, password: String) -> [String] {
        [Data(user.utf8).base64EncodedString(), Data(password.utf8).base64EncodedString()]
    }

    /// CRAM-MD5's answer to the server's base64 challenge: base64 of `user hex(HMAC-MD5(password, challenge))`.
    static func cramMD5(user: String, password: String, challenge: String) throws(ConnectorError) -> String {
        guard let decoded = Data(base64Encoded: challenge.trimmingCharacters(in: .whitespaces)) else {
            throw ConnectorError(.upstreamError, message: "The server's CRAM-MD5 challenge is not base64.")
        }
        let key = SymmetricKey(data: Data(password.utf8))
        let digest = HMAC<Insecure.MD5>.authenticationCode(for: decoded, using: key)
        let hex = Hex.encode(digest)
        return Data("\(user) \(hex)".utf8).base64EncodedString()
    }
}
