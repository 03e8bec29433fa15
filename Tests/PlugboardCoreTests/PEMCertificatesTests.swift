import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite struct PEMCertificatesTests {
    @Test func aRealCertificateChainIsWellFormed() async throws {
        let pem = try await TestCertificates.generate().serverCertificatePEM
        #expect(PEMCertificates.areWellFormed(pem))
        #expect(PEMCertificates.areWellFormed(pem + "\n" + pem))
    }

    @Test(arguments: [
        "", "not a certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A",
    ])
    func brokenTextIsNot(_ text: String) {
        #expect(!PEMCertificates.areWellFormed(text))
    }
}
