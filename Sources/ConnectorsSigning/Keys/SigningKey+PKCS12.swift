import NIOSSL
import PlugboardCore
import X509

extension SigningKey {
    /// A PKCS#12 file and its password, read by BoringSSL (PBES2 with AES, and the legacy PBES1 algorithms with
    /// RC2 or 3DES that `openssl pkcs12 -legacy` and older tools write). The signer's certificate is the one the key
    /// belongs to; the others are its chain.
    static func loadPKCS12(_ bytes: [UInt8], password: String) throws(ConnectorError) -> SigningKey {
        let bundle: NIOSSLPKCS12Bundle
        do {
            bundle = try NIOSSLPKCS12Bundle(buffer: bytes, passphrase: Array(password.utf8))
        } catch {
            try GOSTKeys.refuse(in: bytes, field: "pkcs12")
            throw ConnectorError(
                .invalidInput, message: "The PKCS#12 file could not be opened: the password is wrong, or the file is damaged.",
                fix: "Check the password; openssl pkcs12 -info -in file.p12 shows whether the file opens.", field: "password")
        }
        var chain: [Certificate] = []
        for certificate in bundle.certificateChain {
            let der: [UInt8]
            do {
                der = try certificate.toDERBytes()
            } catch {
                throw .invalidInput("A certificate in the PKCS#12 file could not be read.", field: "pkcs12")
            }
            try GOSTKeys.refuse(in: der, field: "pkcs12")
            do {
                chain.append(try Certificate(derEncoded: der))
            } catch {
                throw .invalidInput("A certificate in the PKCS#12 file could not be read: \(error).", field: "pkcs12")
            }
        }
        let keyDER: [UInt8]
        do {
            keyDER = try bundle.privateKey.derBytes
        } catch {
            throw .invalidInput("The PKCS#12 file's key could not be read.", field: "pkcs12")
        }
        let key = try SigningPrivateKey(der: keyDER, field: "pkcs12")
        guard let signer = chain.firstIndex(where: { $0.publicKey == key.certificateKey.publicKey }) else {
            throw .invalidInput("The PKCS#12 file holds no certificate for its key.", field: "pkcs12")
        }
        let certificate = chain.remove(at: signer)
        return SigningKey(key: key, certificate: certificate, intermediates: chain)
    }
}
