import Crypto
import Foundation
import PlugboardCore
import _CryptoExtras

/// The client side of O5LOGON. The server's first answer carries its half of a session key encrypted under a hash of
/// the password (`AUTH_SESSKEY`), the verifier's salt (`AUTH_VFR_DATA`) and its kind: 12c (PBKDF2-SHA512 and AES-256)
/// or 11g (SHA-1 and AES-192). The client decrypts that half, adds its own, derives the combined key and sends the
/// password encrypted under it; the server proves it knew the password too with `AUTH_SVR_RESPONSE`.
struct O5Logon {
    enum Verifier: Equatable {
        case v12c(iterations: Int, sessionSalt: [UInt8], sessionIterations: Int)
        case v11g
    }

    static let verifier12c: UInt32 = 0x4815
    static let verifiers11g: Set<UInt32> = [0xB152, 0x1B25]

    /// What phase two sends.
    struct Proof {
        var sessionKey: String
        var speedyKey: String?
        var encryptedPassword: String
        var comboKey: [UInt8]
    }

    let verifier: Verifier
    let salt: [UInt8]
    let serverSessionKey: [UInt8]

    /// Reads the verifier from phase one's answer; nil when its kind is not one thin clients support.
    init?(sessionData: [String: String], verifierType: UInt32) throws {
        guard let salt = sessionData["AUTH_VFR_DATA"].flatMap(Hex.decode),
            let key = sessionData["AUTH_SESSKEY"].flatMap(Hex.decode)
        else { throw TTCDecodingError("phase one of the logon without AUTH_VFR_DATA or AUTH_SESSKEY") }
        self.salt = salt
        self.serverSessionKey = key
        if verifierType == Self.verifier12c {
            guard let iterations = sessionData["AUTH_PBKDF2_VGEN_COUNT"].flatMap({ Int($0) }),
                let sessionSalt = sessionData["AUTH_PBKDF2_CSK_SALT"].flatMap(Hex.decode),
                let sessionIterations = sessionData["AUTH_PBKDF2_SDER_COUNT"].flatMap({ Int($0) })
            else { throw TTCDecodingError("a 12c verifier without its PBKDF2 parameters") }
            verifier = .v12c(iterations: iterations, sessionSalt: sessionSalt, sessionIterations: sessionIterations)
        } else if Self.verifiers11g.contains(verifierType) {
            verifier = .v11g
        } else {
            return nil
        }
    }

    /// Derives the keys and encrypts the password. `random` supplies the client's key half and the salts (tests pass
    /// fixed bytes to compare with recorded exchanges).
    func proof(password: [UInt8], random: (Int) -> [UInt8] = O5Logon.randomBytes) throws -> Proof {
        let passwordKey = try speedyPasswordKey(password: password)
        let passwordHash = try self.passwordHash(password: password, passwordKey: passwordKey)
        let keyLength = passwordHash.count == 32 ? 32 : 24
        let serverHalf = try Self.decrypt(serverSessionKey, key: passwordHash)
        let clientHalf = random(serverHalf.count)
        let encodedClientHalf = try Self.encrypt(clientHalf, key: passwordHash, pad: false)
        let comboKey: [UInt8]
        switch verifier {
        case .v11g where serverHalf.count == 48, .v12c where serverHalf.count == 48:
            let mixed = (16..<40).map { serverHalf[$0] ^ clientHalf[$0] }
            comboKey = Array((Array(Insecure.MD5.hash(data: mixed[0..<16])) + Array(Insecure.MD5.hash(data: mixed[16...]))).prefix(keyLength))
        case .v12c(_, let sessionSalt, let sessionIterations):
            let mixed = Array(clientHalf.prefix(keyLength)) + Array(serverHalf.prefix(keyLength))
            comboKey = try Self.pbkdf2(Array(Self.hex(mixed).utf8), salt: sessionSalt, length: keyLength, rounds: sessionIterations)
        case .v11g:
            throw TTCDecodingError("an 11g session key of \(serverHalf.count) bytes")
        }
        var speedyKey: String?
        if case .v12c = verifier {
            speedyKey = Self.hex(Array(try Self.encrypt(random(16) + passwordKey, key: comboKey, pad: true).prefix(80)))
        }
        let encryptedPassword = try Self.encrypt(random(16) + password, key: comboKey, pad: true)
        return Proof(
            sessionKey: Self.hex(Array(encodedClientHalf.prefix(serverHalf.count))), speedyKey: speedyKey,
            encryptedPassword: Self.hex(encryptedPassword), comboKey: comboKey)
    }

    /// The key the server encrypted its half of the session key with: 32 bytes of SHA-512 over the PBKDF2 key for
    /// 12c, the SHA-1 of password and salt padded to 24 bytes for 11g.
    func passwordHash(password: [UInt8], passwordKey: [UInt8]? = nil) throws -> [UInt8] {
        switch verifier {
        case .v12c:
            let key = try passwordKey ?? speedyPasswordKey(password: password)
            return Array(SHA512.hash(data: key + salt).prefix(32))
        case .v11g:
            return Array(Insecure.SHA1.hash(data: password + salt)) + [0, 0, 0, 0]
        }
    }

    /// The 12c verifier's PBKDF2-SHA512 key of the password (empty for 11g).
    private func speedyPasswordKey(password: [UInt8]) throws -> [UInt8] {
        guard case .v12c(let iterations, _, _) = verifier else { return [] }
        return try Self.pbkdf2(password, salt: salt + Array("AUTH_PBKDF2_SPEEDY_KEY".utf8), length: 64, rounds: iterations)
    }

    /// Whether the server's `AUTH_SVR_RESPONSE` shows it holds the same combined key.
    static func serverResponseIsValid(_ hexResponse: String?, comboKey: [UInt8]) -> Bool {
        guard let response = hexResponse.flatMap(Hex.decode), response.count >= 32,
            let decrypted = try? decrypt(response, key: comboKey)
        else { return false }
        return Array(decrypted[16..<32]) == Array("SERVER_TO_CLIENT".utf8)
    }

    // MARK: - Primitives

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// AES-CBC with a zero IV. With `pad`, as the protocol pads: 1 to 16 bytes each holding the count.
    static func encrypt(_ plain: [UInt8], key: [UInt8], pad: Bool) throws -> [UInt8] {
        var data = plain
        if pad {
            let count = 16 - plain.count % 16
            data += [UInt8](repeating: UInt8(count), count: count)
        } else if data.count % 16 != 0 {
            data += [UInt8](repeating: 0, count: 16 - data.count % 16)
        }
        let iv = try AES._CBC.IV(ivBytes: [UInt8](repeating: 0, count: 16))
        return Array(try AES._CBC.encrypt(data, using: SymmetricKey(data: key), iv: iv, noPadding: true))
    }

    static func decrypt(_ cipher: [UInt8], key: [UInt8]) throws -> [UInt8] {
        let iv = try AES._CBC.IV(ivBytes: [UInt8](repeating: 0, count: 16))
        return Array(try AES._CBC.decrypt(cipher, using: SymmetricKey(data: key), iv: iv, noPadding: true))
    }

    static func pbkdf2(_ password: [UInt8], salt: [UInt8], length: Int, rounds: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: password, salt: salt, using: .sha512, outputByteCount: length, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Upper-case hexadecimal, as the logon's key/value pairs carry bytes.
    static func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes).uppercased() }
}
